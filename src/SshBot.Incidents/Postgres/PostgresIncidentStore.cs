using System.Data;
using System.Data.Common;
using Npgsql;
using SshBot.Incidents.Storage;

namespace SshBot.Incidents.Postgres;

/// <summary>
/// The store for several bot replicas sharing one history. Writers of one target are serialised
/// by a transaction-scoped advisory lock, so two replicas never open two incidents for it at once.
/// </summary>
internal sealed class PostgresIncidentStore : SqlIncidentStore
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresIncidentStore(NpgsqlDataSource dataSource, TimeSpan joinWindow, TimeProvider time)
        : base(joinWindow, time)
    {
        _dataSource = dataSource;
    }

    public static async Task<PostgresIncidentStore> OpenAsync(string connectionString, TimeSpan joinWindow, TimeProvider time, CancellationToken ct)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await PostgresStartup.RunAsync(dataSource, ct);
            return new PostgresIncidentStore(dataSource, joinWindow, time);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken ct) =>
        await _dataSource.OpenConnectionAsync(ct);

    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, string? lockKey, CancellationToken ct)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
        if (lockKey is not null)
        {
            await connection.Command(transaction, "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))")
                .With("@key", lockKey).ExecuteAsync(ct);
        }

        return transaction;
    }

    /// <summary>Replicas claim side by side: a row another claimer holds is skipped, not waited for.</summary>
    protected override string ClaimLockClause => "FOR UPDATE SKIP LOCKED";

    protected override async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);

    /// <summary>
    /// Only conflicts the server rolled back are rerun. A dropped connection is not: the commit
    /// may have landed, and appending a stage twice would be a lie in the record.
    /// </summary>
    protected override bool IsTransient(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected };

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
