using System.Data;
using System.Data.Common;
using System.Globalization;

namespace SshBot.Incidents.Storage;

/// <summary>Typed parameters (PostgreSQL cannot infer the type of a bare NULL) and small readers.</summary>
internal static class Db
{
    public static DbCommand Command(this DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static DbCommand With(this DbCommand command, string name, string? value) =>
        command.With(name, DbType.String, value);

    public static DbCommand With(this DbCommand command, string name, long? value) =>
        command.With(name, DbType.Int64, value);

    public static DbCommand With(this DbCommand command, string name, int value) =>
        command.With(name, DbType.Int32, value);

    public static DbCommand With(this DbCommand command, string name, DateTimeOffset value) =>
        command.With(name, DbType.Int64, value.ToUnixTimeMilliseconds());

    private static DbCommand With(this DbCommand command, string name, DbType type, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>The first column of the first row as a long, or null when there is no row.</summary>
    public static async Task<long?> ScalarLongAsync(this DbCommand command, CancellationToken ct)
    {
        await using (command)
        {
            var value = await command.ExecuteScalarAsync(ct);
            return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }
    }

    public static async Task<int> ExecuteAsync(this DbCommand command, CancellationToken ct)
    {
        await using (command)
        {
            return await command.ExecuteNonQueryAsync(ct);
        }
    }

    public static async Task<List<T>> ListAsync<T>(this DbCommand command, Func<DbDataReader, T> map, CancellationToken ct)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = new List<T>();
            while (await reader.ReadAsync(ct))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
    }

    public static string? Text(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    public static long? Long(this DbDataReader reader, int i) =>
        reader.IsDBNull(i) ? null : Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);

    public static int Int(this DbDataReader reader, int i) => Convert.ToInt32(reader.GetValue(i), CultureInfo.InvariantCulture);

    public static DateTimeOffset Time(this DbDataReader reader, int i) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.Long(i) ?? 0);

    public static DateTimeOffset? TimeOrNull(this DbDataReader reader, int i) =>
        reader.Long(i) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
