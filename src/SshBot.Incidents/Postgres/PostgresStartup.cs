using System.Globalization;
using Npgsql;
using SshBot.Incidents.Storage;

namespace SshBot.Incidents.Postgres;

/// <summary>
/// Start-up of a PostgreSQL store: refuse a server that does not make commits durable, and a
/// schema newer than the code; then migrate in one transaction under an advisory lock, so
/// replicas starting together migrate once.
/// </summary>
internal static class PostgresStartup
{
    private const long MigrationLock = 0x55_48_42_4F_54; // "SHBOT"

    public static async Task RunAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        foreach (var setting in new[] { "fsync", "synchronous_commit" })
        {
            await using var show = connection.Command(null, "SELECT current_setting(@name)").With("@name", setting);
            var value = Convert.ToString(await show.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            if (value is "off")
            {
                throw new IncidentStoreException(
                    $"Refusing the PostgreSQL incident store: {setting} is off, so acknowledged incidents could be lost on a crash.");
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.Command(transaction, "SELECT pg_advisory_xact_lock(@lock)").With("@lock", MigrationLock).ExecuteAsync(ct);
        await connection.Command(transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)").ExecuteAsync(ct);
        var version = await connection.Command(transaction, "SELECT MAX(version) FROM schema_version").ScalarLongAsync(ct) ?? 0;
        if (version > SchemaMigrations.CurrentVersion)
        {
            throw new IncidentStoreException(
                $"Refusing the PostgreSQL incident store (database '{connection.Database}'): its schema version {version} is newer " +
                $"than this SshBot understands ({SchemaMigrations.CurrentVersion}). Upgrade SshBot, or use another database or schema.");
        }

        for (var next = version + 1; next <= SchemaMigrations.CurrentVersion; next++)
        {
            foreach (var statement in SchemaMigrations.Statements((int)next, "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"))
            {
                await connection.Command(transaction, statement).ExecuteAsync(ct);
            }
        }

        if (version < SchemaMigrations.CurrentVersion)
        {
            await connection.Command(transaction, "DELETE FROM schema_version").ExecuteAsync(ct);
            await connection.Command(transaction, "INSERT INTO schema_version (version) VALUES (@v)")
                .With("@v", SchemaMigrations.CurrentVersion).ExecuteAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }
}
