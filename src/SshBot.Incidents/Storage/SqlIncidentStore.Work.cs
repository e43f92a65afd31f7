using SshBot.Incidents.Work;

namespace SshBot.Incidents.Storage;

internal abstract partial class SqlIncidentStore : IWorkInbox
{
    /// <summary>What a claim adds to its row lookup to skip rows other claimers hold (PostgreSQL); empty where writers are serialised.</summary>
    protected virtual string ClaimLockClause => string.Empty;

    public async Task<EnqueueResult> EnqueueAsync(NewWork work, WorkLimits limits, CancellationToken ct = default) =>
        (await EnqueueManyAsync([work], limits, ct))[0];

    public async Task<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(IReadOnlyList<NewWork> works, WorkLimits limits, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(works);
        ArgumentNullException.ThrowIfNull(limits);
        foreach (var work in works)
        {
            ArgumentNullException.ThrowIfNull(work);
            ArgumentException.ThrowIfNullOrWhiteSpace(work.IdempotencyKey);
        }

        var results = await WriteAsync<List<EnqueueResult>?>(null, async (c, t) =>
        {
            var now = Time.GetUtcNow();
            var queued = await c.Command(t, WorkSql.CountQueued).ScalarLongAsync(ct) ?? 0;
            var perRequester = new Dictionary<string, long>(StringComparer.Ordinal);
            var results = new List<EnqueueResult>(works.Count);
            foreach (var work in works)
            {
                if (await c.Command(t, WorkSql.FindByKey).With("@key", work.IdempotencyKey).ScalarLongAsync(ct) is { } existing)
                {
                    results.Add(new EnqueueResult(EnqueueStatus.Duplicate, existing));
                    continue;
                }

                if (queued >= limits.MaxQueued)
                {
                    results.Add(new EnqueueResult(EnqueueStatus.Full, null));
                    continue;
                }

                if (!perRequester.TryGetValue(work.RequestedBy, out var waiting))
                {
                    waiting = await c.Command(t, WorkSql.CountOfRequester).With("@by", work.RequestedBy).ScalarLongAsync(ct) ?? 0;
                }

                if (waiting >= limits.MaxPerRequester)
                {
                    perRequester[work.RequestedBy] = waiting;
                    results.Add(new EnqueueResult(EnqueueStatus.RequesterFull, null));
                    continue;
                }

                var id = await c.Command(t, WorkSql.Insert)
                    .With("@key", work.IdempotencyKey).With("@platform", work.Platform).With("@by", work.RequestedBy)
                    .With("@kind", work.Kind).With("@payload", work.Payload).With("@now", now)
                    .ScalarLongAsync(ct);
                if (id is null)
                {
                    // The same key was committed by another writer since our first look: run again to report it.
                    return null;
                }

                queued++;
                perRequester[work.RequestedBy] = waiting + 1;
                results.Add(new EnqueueResult(EnqueueStatus.Accepted, id));
            }

            return results;
        }, ct);
        return results!;
    }

    public async Task<ClaimedWork?> ClaimAsync(string owner, TimeSpan lease, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        var claimed = await WriteAsync(null, async (c, t) =>
        {
            var now = Time.GetUtcNow();
            var rows = await c.Command(t, WorkSql.Claim(ClaimLockClause))
                .With("@owner", owner).With("@until", now + lease).With("@now", now)
                .ListAsync(
                    r => new ClaimedWork(r.Long(0)!.Value, r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.Int(6), r.Time(7)) { Stops = r.Int(8) },
                    ct);
            return new List<ClaimedWork>(rows);
        }, ct);
        return claimed.Count > 0 ? claimed[0] : null;
    }

    public Task<bool> RenewAsync(long id, string owner, TimeSpan lease, CancellationToken ct = default) =>
        WriteAsync(null, async (c, t) =>
        {
            var now = Time.GetUtcNow();
            return await c.Command(t, WorkSql.Renew).With("@until", now + lease).With("@now", now).With("@id", id).With("@owner", owner)
                .ExecuteAsync(ct) > 0;
        }, ct);

    public Task FinishAsync(long id, string owner, bool succeeded, string? outcome, CancellationToken ct = default) =>
        WriteAsync(null, async (c, t) =>
        {
            await c.Command(t, WorkSql.Finish)
                .With("@status", succeeded ? "done" : "failed").With("@outcome", outcome).With("@now", Time.GetUtcNow())
                .With("@id", id).With("@owner", owner)
                .ExecuteAsync(ct);
            return true;
        }, ct);

    public Task<bool> PutBackAsync(long id, string owner, CancellationToken ct = default) =>
        WriteAsync(null, async (c, t) =>
            await c.Command(t, WorkSql.PutBack).With("@id", id).With("@owner", owner).With("@now", Time.GetUtcNow()).ExecuteAsync(ct) > 0, ct);

    public Task<int> ReleaseAsync(string owner, CancellationToken ct = default) =>
        WriteAsync(null, async (c, t) =>
            await c.Command(t, WorkSql.Release).With("@owner", owner).With("@now", Time.GetUtcNow()).ExecuteAsync(ct), ct);

    public async Task<IReadOnlyList<string>> RunningOwnersAsync(CancellationToken ct = default)
    {
        await using var c = await OpenConnectionAsync(ct);
        return await c.Command(null, WorkSql.RunningOwners).ListAsync(r => r.GetString(0), ct);
    }

    public async Task<WorkCounts> CountAsync(CancellationToken ct = default)
    {
        await using var c = await OpenConnectionAsync(ct);
        var rows = await c.Command(null, WorkSql.Counts).ListAsync(r => (Status: r.GetString(0), Count: (int)r.Long(1)!.Value), ct);
        return new WorkCounts(
            rows.Where(r => r.Status == "queued").Sum(r => r.Count),
            rows.Where(r => r.Status == "running").Sum(r => r.Count));
    }

    public Task<int> PruneWorkAsync(TimeSpan olderThan, CancellationToken ct = default) =>
        WriteAsync(null, async (c, t) =>
            await c.Command(t, WorkSql.Prune).With("@cutoff", Time.GetUtcNow() - olderThan).ExecuteAsync(ct), ct);
}
