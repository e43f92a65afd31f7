using System.Data.Common;

namespace SshBot.Incidents.Storage;

/// <summary>
/// The incident store over any ADO.NET provider that speaks <see cref="IncidentSql"/>. Providers
/// supply connections, how a write transaction takes its locks, and which errors are worth a retry.
/// </summary>
internal abstract partial class SqlIncidentStore : IIncidentStore
{
    private const int MaxAttempts = 10;
    private readonly TimeSpan _joinWindow;

    protected SqlIncidentStore(TimeSpan joinWindow, TimeProvider time)
    {
        _joinWindow = joinWindow;
        Time = time;
    }

    protected TimeProvider Time { get; }

    /// <summary>An open connection with the provider's per-connection settings applied.</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken ct);

    /// <summary>A write transaction; <paramref name="lockKey"/> serialises writers of one target where the database would not.</summary>
    protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, string? lockKey, CancellationToken ct);

    /// <summary>A transaction giving several selects one consistent snapshot.</summary>
    protected abstract Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Lock contention or a serialisation conflict: the whole transaction may simply be run again.</summary>
    protected abstract bool IsTransient(Exception exception);

    public abstract ValueTask DisposeAsync();

    public async Task<OpenedRequest> OpenRequestAsync(IncidentRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Host);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.Port, 65535);
        var host = NormalizeHost(request.Host);
        var opened = await WriteAsync($"target:{host}:{request.Port}", (c, t) => OpenRequestAsync(c, t, request, host, ct), ct);
        return opened!;
    }

    private async Task<OpenedRequest?> OpenRequestAsync(DbConnection c, DbTransaction t, IncidentRequest request, string host, CancellationToken ct)
    {
        var existing = await c.Command(t, IncidentSql.FindRequestByKey).With("@key", request.IdempotencyKey)
            .ListAsync(r => new OpenedRequest(r.Long(1)!.Value, r.Long(0)!.Value, r.Long(2)!.Value, Joined: false, Duplicate: true), ct);
        if (existing.Count > 0)
        {
            return existing[0];
        }

        var now = Time.GetUtcNow();
        var incidentId = await c.Command(t, IncidentSql.FindJoinableIncident)
            .With("@host", host).With("@port", request.Port).With("@cutoff", now - _joinWindow)
            .ScalarLongAsync(ct);
        var joined = incidentId is not null;
        if (joined)
        {
            await c.Command(t, IncidentSql.TouchIncident).With("@now", now).With("@id", incidentId).ExecuteAsync(ct);
        }
        else
        {
            incidentId = await c.Command(t, IncidentSql.InsertIncident)
                .With("@host", host).With("@port", request.Port).With("@now", now)
                .ScalarLongAsync(ct);
        }

        var requestId = await c.Command(t, IncidentSql.InsertRequest)
            .With("@incident", incidentId).With("@key", request.IdempotencyKey).With("@by", request.RequestedBy)
            .With("@platform", request.Platform).With("@channel", request.Channel).With("@thread", request.Thread)
            .With("@text", request.Text).With("@now", now)
            .ScalarLongAsync(ct);
        if (requestId is null)
        {
            // The same key committed by a writer of another target since our first look: run again to return it.
            return null;
        }

        var diagnosisId = await c.Command(t, IncidentSql.InsertDiagnosis)
            .With("@incident", incidentId).With("@request", requestId).With("@now", now)
            .ScalarLongAsync(ct);
        return new OpenedRequest(incidentId!.Value, requestId.Value, diagnosisId!.Value, joined, Duplicate: false);
    }

    public Task AppendStageAsync(long diagnosisId, string stageName, string status, long durationMs, string observationsJson, CancellationToken ct = default) =>
        WriteAsync(null, async (c, t) =>
        {
            await RequireAsync(c, t, IncidentSql.DiagnosisExists, diagnosisId, "diagnosis", ct);
            await c.Command(t, IncidentSql.InsertStage)
                .With("@diagnosis", diagnosisId).With("@name", stageName).With("@status", status)
                .With("@ms", durationMs).With("@observations", observationsJson).With("@now", Time.GetUtcNow())
                .ExecuteAsync(ct);
            return true;
        }, ct);

    public Task CompleteDiagnosisAsync(long diagnosisId, string? verdictId, string findingsJson, string observationsJson, CancellationToken ct = default) =>
        WriteAsync(null, async (c, t) =>
        {
            var now = Time.GetUtcNow();
            var incidentId = await c.Command(t, IncidentSql.CompleteDiagnosis)
                .With("@now", now).With("@verdict", verdictId).With("@findings", findingsJson)
                .With("@observations", observationsJson).With("@id", diagnosisId)
                .ScalarLongAsync(ct) ?? throw new KeyNotFoundException($"No diagnosis has id {diagnosisId}.");
            await c.Command(t, IncidentSql.SetIncidentVerdict).With("@verdict", verdictId).With("@now", now).With("@id", incidentId)
                .ExecuteAsync(ct);
            return true;
        }, ct);

    public Task RecordReplyAsync(ReplySent reply, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return WriteAsync(null, async (c, t) =>
        {
            await RequireAsync(c, t, IncidentSql.IncidentExists, reply.IncidentId, "incident", ct);
            await c.Command(t, IncidentSql.InsertReply)
                .With("@incident", reply.IncidentId).With("@diagnosis", reply.DiagnosisId).With("@platform", reply.Platform)
                .With("@channel", reply.Channel).With("@thread", reply.Thread).With("@message", reply.MessageId)
                .With("@now", Time.GetUtcNow())
                .ExecuteAsync(ct);
            return true;
        }, ct);
    }

    public Task RecordEventAsync(long incidentId, long? diagnosisId, string kind, string text, CancellationToken ct = default) =>
        WriteAsync(null, async (c, t) =>
        {
            await RequireAsync(c, t, IncidentSql.IncidentExists, incidentId, "incident", ct);
            await c.Command(t, IncidentSql.InsertEvent)
                .With("@incident", incidentId).With("@diagnosis", diagnosisId).With("@kind", kind).With("@text", text)
                .With("@now", Time.GetUtcNow())
                .ExecuteAsync(ct);
            return true;
        }, ct);

    public Task RecordFeedbackAsync(FeedbackGiven feedback, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        if (!FeedbackKinds.IsKnown(feedback.Kind))
        {
            throw new ArgumentException($"Unknown feedback kind '{feedback.Kind}'.", nameof(feedback));
        }

        return WriteAsync(null, async (c, t) =>
        {
            await InsertFeedbackAsync(c, t, feedback, Time.GetUtcNow(), ct);
            return true;
        }, ct);
    }

    private static async Task InsertFeedbackAsync(DbConnection c, DbTransaction t, FeedbackGiven feedback, DateTimeOffset now, CancellationToken ct)
    {
        await RequireAsync(c, t, IncidentSql.IncidentExists, feedback.IncidentId, "incident", ct);
        await c.Command(t, IncidentSql.InsertFeedback)
            .With("@incident", feedback.IncidentId).With("@kind", feedback.Kind).With("@verdict", feedback.VerdictId)
            .With("@fix", feedback.FixApplied).With("@text", feedback.Text).With("@by", feedback.GivenBy).With("@now", now)
            .ExecuteAsync(ct);
        if (feedback.Kind == FeedbackKinds.Fixed)
        {
            await c.Command(t, IncidentSql.Resolve).With("@now", now).With("@by", feedback.GivenBy).With("@id", feedback.IncidentId)
                .ExecuteAsync(ct);
        }
    }

    public Task<bool> ResolveAsync(long incidentId, string resolvedBy, CancellationToken ct = default) =>
        WriteAsync(null, async (c, t) =>
        {
            await RequireAsync(c, t, IncidentSql.IncidentExists, incidentId, "incident", ct);
            var changed = await c.Command(t, IncidentSql.Resolve)
                .With("@now", Time.GetUtcNow()).With("@by", resolvedBy).With("@id", incidentId)
                .ExecuteAsync(ct);
            return changed > 0;
        }, ct);

    public Task<bool> RecordHostKeyAsync(string host, int port, string keyType, string sha256Fingerprint, CancellationToken ct = default)
    {
        var normalized = NormalizeHost(host);
        return WriteAsync(null, async (c, t) =>
        {
            var now = Time.GetUtcNow();
            var inserted = await c.Command(t, IncidentSql.InsertHostKey)
                .With("@host", normalized).With("@port", port).With("@type", keyType).With("@fingerprint", sha256Fingerprint)
                .With("@now", now)
                .ExecuteAsync(ct);
            if (inserted == 0)
            {
                await c.Command(t, IncidentSql.TouchHostKey)
                    .With("@now", now).With("@host", normalized).With("@port", port).With("@type", keyType)
                    .With("@fingerprint", sha256Fingerprint)
                    .ExecuteAsync(ct);
            }

            return inserted > 0;
        }, ct);
    }

    public Task<int> PruneAsync(TimeSpan olderThan, CancellationToken ct = default) =>
        WriteAsync(null, async (c, t) =>
            await c.Command(t, IncidentSql.Prune).With("@cutoff", Time.GetUtcNow() - olderThan).ExecuteAsync(ct), ct);

    /// <summary>Hosts are compared case-insensitively, as DNS does.</summary>
    protected static string NormalizeHost(string host) => host.Trim().ToLowerInvariant();

    private static async Task RequireAsync(DbConnection c, DbTransaction t, string existsSql, long id, string what, CancellationToken ct)
    {
        if (await c.Command(t, existsSql).With("@id", id).ScalarLongAsync(ct) is null)
        {
            throw new KeyNotFoundException($"No {what} has id {id}.");
        }
    }

    /// <summary>
    /// Runs one write transaction, again from the start when the database reports contention, so a
    /// busy database costs the caller time, never an error. <paramref name="work"/> returns null to
    /// ask for a rerun.
    /// </summary>
    private async Task<T> WriteAsync<T>(string? lockKey, Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await OpenConnectionAsync(ct);
                await using var transaction = await BeginWriteAsync(connection, lockKey, ct);
                var result = await work(connection, transaction);
                if (result is null)
                {
                    await transaction.RollbackAsync(ct);
                    if (attempt >= MaxAttempts)
                    {
                        throw new IncidentStoreException($"A write still conflicted after {MaxAttempts} attempts.");
                    }

                    continue;
                }

                await transaction.CommitAsync(ct);
                return result;
            }
            catch (Exception e) when (attempt < MaxAttempts && IsTransient(e))
            {
                await Task.Delay(Backoff(attempt), ct);
            }
        }
    }

    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(500, 5 << attempt) * (0.5 + Random.Shared.NextDouble()));
}
