using System.Data.Common;
using Microsoft.Data.Sqlite;
using SshBot.Incidents.Storage;

namespace SshBot.Incidents.Sqlite;

/// <summary>
/// The default store: one SQLite file in WAL mode. Several processes may share the file; writers
/// take the write lock up front (BEGIN IMMEDIATE), wait for it (busy_timeout), and rerun the
/// transaction a bounded number of times if it still was not theirs.
/// </summary>
internal sealed class SqliteIncidentStore : SqlIncidentStore
{
    public const int BusyTimeoutMs = 5000;

    /// <summary>
    /// synchronous=FULL: in WAL mode NORMAL may lose the last commits on power loss, and a write we
    /// acknowledged (an incident a user was told about) must survive it. The cost is one fsync per commit.
    /// </summary>
    public const string ConnectionPragmas = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;";

    private readonly string _connectionString;

    private SqliteIncidentStore(string connectionString, TimeSpan joinWindow, TimeProvider time)
        : base(joinWindow, time)
    {
        _connectionString = connectionString;
    }

    /// <summary>Opens the file, checks and migrates it, or refuses it (SECURITY 22).</summary>
    public static async Task<SqliteIncidentStore> OpenAsync(string connectionString, TimeSpan joinWindow, TimeProvider time, CancellationToken ct)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = true, Pooling = true };
        var store = new SqliteIncidentStore(builder.ConnectionString, joinWindow, time);
        await SqliteStartup.RunAsync(store._connectionString, ct);
        return store;
    }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            await connection.Command(null, ConnectionPragmas).ExecuteAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// BEGIN IMMEDIATE: a deferred transaction that reads, then writes, can fail with SQLITE_BUSY
    /// without waiting when another writer got there first; taking the write lock at BEGIN waits instead.
    /// </summary>
    protected override Task<DbTransaction> BeginWriteAsync(DbConnection connection, string? lockKey, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    protected override Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    protected override bool IsTransient(Exception exception) => SqliteStartup.IsBusy(exception);

    public override ValueTask DisposeAsync()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
