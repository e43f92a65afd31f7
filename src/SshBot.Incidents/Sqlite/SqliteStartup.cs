using System.Globalization;
using Microsoft.Data.Sqlite;
using SshBot.Incidents.Storage;

namespace SshBot.Incidents.Sqlite;

/// <summary>
/// Start-up of a SQLite store: refuse a schema newer than the code, switch the file to WAL
/// (a journal mode persisted by someone else, e.g. DELETE, is converted here), check that the
/// connection really runs with journal_mode=WAL and synchronous=FULL, then migrate in one transaction.
/// </summary>
internal static class SqliteStartup
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SynchronousFull = 2;
    private const int MaxAttempts = 10;

    public static bool IsBusy(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked };

    public static async Task RunAsync(string connectionString, CancellationToken ct)
    {
        EnsureDirectory(connectionString);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync(ct);
                await connection.Command(null, $"PRAGMA busy_timeout = {SqliteIncidentStore.BusyTimeoutMs}").ExecuteAsync(ct);
                RefuseNewerSchema(await UserVersionAsync(connection, null, ct), connectionString);
                await connection.Command(null, "PRAGMA journal_mode = WAL").ExecuteAsync(ct);
                await connection.Command(null, SqliteIncidentStore.ConnectionPragmas).ExecuteAsync(ct);
                await VerifyDurabilityAsync(connection, ct);
                await MigrateAsync(connection, connectionString, ct);
                return;
            }
            catch (Exception e) when (attempt < MaxAttempts && IsBusy(e))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), ct);
            }
        }
    }

    /// <summary>
    /// Refuses a connection whose effective journal mode is not WAL or synchronous level is not FULL.
    /// Asking SQLite for a mode is not proof: an in-memory database answers "memory", and a file
    /// on a filesystem without shared memory stays in its old mode. We trust what it reports back.
    /// </summary>
    public static async Task VerifyDurabilityAsync(SqliteConnection connection, CancellationToken ct)
    {
        var journal = await TextAsync(connection, "PRAGMA journal_mode", ct);
        if (!string.Equals(journal, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new IncidentStoreException(
                $"Refusing the incident store at '{connection.DataSource}': its journal mode is '{journal}', not 'wal'. " +
                "Use a file on a local disk (not ':memory:' or a network share) that SshBot may write to.");
        }

        var synchronous = await connection.Command(null, "PRAGMA synchronous").ScalarLongAsync(ct);
        if (synchronous != SynchronousFull)
        {
            throw new IncidentStoreException(
                $"Refusing the incident store at '{connection.DataSource}': synchronous is {synchronous}, not FULL (2), " +
                "so acknowledged incidents could be lost on power failure.");
        }
    }

    private static async Task MigrateAsync(SqliteConnection connection, string connectionString, CancellationToken ct)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        var version = await UserVersionAsync(connection, transaction, ct);
        RefuseNewerSchema(version, connectionString);
        for (var next = version + 1; next <= SchemaMigrations.CurrentVersion; next++)
        {
            foreach (var statement in SchemaMigrations.Statements((int)next, "INTEGER PRIMARY KEY AUTOINCREMENT"))
            {
                await connection.Command(transaction, statement).ExecuteAsync(ct);
            }
        }

        if (version < SchemaMigrations.CurrentVersion)
        {
            // PRAGMA takes no parameters; the value is our own integer.
            var sql = string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {SchemaMigrations.CurrentVersion}");
            await connection.Command(transaction, sql).ExecuteAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    private static void RefuseNewerSchema(long version, string connectionString)
    {
        if (version > SchemaMigrations.CurrentVersion)
        {
            var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
            throw new IncidentStoreException(
                $"Refusing the incident store at '{file}': its schema version {version} is newer than this SshBot " +
                $"understands ({SchemaMigrations.CurrentVersion}). Upgrade SshBot, or use another data directory.");
        }
    }

    private static async Task<long> UserVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken ct) =>
        await connection.Command(transaction, "PRAGMA user_version").ScalarLongAsync(ct) ?? 0;

    private static async Task<string> TextAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.Command(null, sql);
        return Convert.ToString(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) ?? string.Empty;
    }

    private static void EnsureDirectory(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
        {
            return;
        }

        var file = Path.GetFullPath(builder.DataSource);
        var directory = Path.GetDirectoryName(file);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            // Incidents name people, channels and hosts: a directory we create is the owner's alone.
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        if (!OperatingSystem.IsWindows() && !File.Exists(file))
        {
            // An empty file is an empty database to SQLite, which gives its -wal and -shm files the
            // database file's mode: created 0600 here, all three are the owner's alone.
            try
            {
                using var created = new FileStream(file, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another process created it first; SQLite opens what is there.
            }
        }
    }
}
