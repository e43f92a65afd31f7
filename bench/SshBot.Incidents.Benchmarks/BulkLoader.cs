using System.Data.Common;

namespace SshBot.Incidents.Benchmarks;

/// <summary>
/// Grows the tables server-side (INSERT ... SELECT over a generated series), 100,000 incidents
/// per transaction: each with a request and a completed diagnosis, every tenth with "fixed"
/// feedback, opened evenly over the last two years across a fixed set of hosts.
/// The SQL both SQLite and PostgreSQL accept, like the store's own.
/// </summary>
internal sealed class BulkLoader(Func<Task<DbConnection>> open, int hosts)
{
    private const int Chunk = 100_000;
    private static readonly TimeSpan Span = TimeSpan.FromDays(730);

    public async Task GrowToAsync(long from, long to, long total)
    {
        var start = DateTimeOffset.UtcNow - Span;
        var step = (long)Span.TotalMilliseconds / total;
        for (var first = from + 1; first <= to; first += Chunk)
        {
            var last = Math.Min(to, first + Chunk - 1);
            await using var c = await open();
            await using var t = await c.BeginTransactionAsync();
            var before = await ScalarAsync(c, t, "SELECT COALESCE(MAX(id), 0) FROM incidents");
            var beforeRequest = await ScalarAsync(c, t, "SELECT COALESCE(MAX(id), 0) FROM requests");
            await ExecAsync(c, t, $"""
                WITH RECURSIVE seq(n) AS (SELECT CAST({first} AS BIGINT) UNION ALL SELECT n + 1 FROM seq WHERE n < {last})
                INSERT INTO incidents (host, port, status, opened_at, last_activity_at, verdict_id, resolved_at, resolved_by)
                SELECT 'host-' || CAST(n % {hosts} AS TEXT), 22, 'resolved', {start.ToUnixTimeMilliseconds()} + n * {step},
                       {start.ToUnixTimeMilliseconds()} + n * {step} + 60000, 'cause-' || CAST(n % 17 AS TEXT),
                       {start.ToUnixTimeMilliseconds()} + n * {step} + 60000, 'bench'
                FROM seq
                """);
            await ExecAsync(c, t, $"""
                INSERT INTO requests (incident_id, idempotency_key, requested_by, platform, channel, thread, text, received_at)
                SELECT id, 'bench-' || CAST(id AS TEXT), 'bench', 'slack', 'C1', NULL, 'can''t ssh to ' || host, opened_at
                FROM incidents WHERE id > {before}
                """);
            await ExecAsync(c, t, $"""
                INSERT INTO diagnoses (incident_id, request_id, status, started_at, completed_at, verdict_id, findings_json, observations_json)
                SELECT r.incident_id, r.id, 'completed', r.received_at, r.received_at + 5000, i.verdict_id, '[]', '[]'
                FROM requests r JOIN incidents i ON i.id = r.incident_id WHERE r.id > {beforeRequest}
                """);
            await ExecAsync(c, t, $"""
                INSERT INTO feedback (incident_id, kind, verdict_id, fix_applied, text, given_by, given_at)
                SELECT id, 'fixed', verdict_id, 'the usual fix', NULL, 'bench', resolved_at
                FROM incidents WHERE id > {before} AND id % 10 = 0
                """);
            await t.CommitAsync();
        }
    }

    private static async Task ExecAsync(DbConnection c, DbTransaction t, string sql)
    {
        await using var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(DbConnection c, DbTransaction t, string sql)
    {
        await using var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
