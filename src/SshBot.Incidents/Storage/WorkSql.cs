namespace SshBot.Incidents.Storage;

/// <summary>The work inbox's statements (see <see cref="Work.IWorkInbox"/>), beside <see cref="IncidentSql"/>.</summary>
internal static class WorkSql
{
    public const string FindByKey = "SELECT id FROM work_items WHERE idempotency_key = @key";

    public const string CountQueued = "SELECT COUNT(*) FROM work_items WHERE status = 'queued'";

    public const string CountOfRequester = "SELECT COUNT(*) FROM work_items WHERE requested_by = @by AND status IN ('queued', 'running')";

    public const string Insert = """
        INSERT INTO work_items (idempotency_key, platform, requested_by, kind, payload, status, attempts, enqueued_at, updated_at)
        VALUES (@key, @platform, @by, @kind, @payload, 'queued', 0, @now, @now)
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id
        """;

    private const string Claimable = "(status = 'queued' OR (status = 'running' AND lease_until < @now))";

    /// <summary>
    /// Claims the oldest claimable item. <paramref name="lockClause"/> is PostgreSQL's
    /// <c>FOR UPDATE SKIP LOCKED</c> (SQLite serialises writers anyway); the outer condition is
    /// checked again so two claimers that picked the same row cannot both win it.
    /// </summary>
    public static string Claim(string lockClause) => $"""
        UPDATE work_items
        SET status = 'running', owner = @owner, lease_until = @until, attempts = attempts + 1, updated_at = @now
        WHERE id = (SELECT id FROM work_items WHERE {Claimable} ORDER BY id LIMIT 1 {lockClause})
          AND {Claimable}
        RETURNING id, idempotency_key, platform, requested_by, kind, payload, attempts, enqueued_at, stops
        """;

    public const string Renew = """
        UPDATE work_items SET lease_until = @until, updated_at = @now
        WHERE id = @id AND owner = @owner AND status = 'running'
        """;

    public const string Finish = """
        UPDATE work_items SET status = @status, outcome = @outcome, owner = NULL, lease_until = NULL, updated_at = @now
        WHERE id = @id AND owner = @owner AND status = 'running'
        """;

    public const string PutBack = """
        UPDATE work_items SET status = 'queued', owner = NULL, lease_until = NULL, stops = stops + 1, updated_at = @now
        WHERE id = @id AND owner = @owner AND status = 'running'
        """;

    public const string Release = """
        UPDATE work_items SET status = 'queued', owner = NULL, lease_until = NULL, updated_at = @now
        WHERE owner = @owner AND status = 'running'
        """;

    public const string RunningOwners = "SELECT DISTINCT owner FROM work_items WHERE status = 'running' AND owner IS NOT NULL";

    public const string Counts = "SELECT status, COUNT(*) FROM work_items WHERE status IN ('queued', 'running') GROUP BY status";

    public const string Prune = "DELETE FROM work_items WHERE status IN ('done', 'failed') AND updated_at < @cutoff";
}
