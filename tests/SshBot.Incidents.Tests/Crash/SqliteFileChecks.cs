using Microsoft.Data.Sqlite;

namespace SshBot.Incidents.Tests.Crash;

/// <summary>Direct looks into a SQLite file, to judge what a killed writer left behind.</summary>
public static class SqliteFileChecks
{
    public static async Task<List<string>> RowsAsync(string file, string sql, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetValue(i).ToString())));
        }

        return rows;
    }

    public static async Task<long> CountAsync(string file, string sql, CancellationToken ct) =>
        long.Parse((await RowsAsync(file, sql, ct)).Single(), System.Globalization.CultureInfo.InvariantCulture);
}
