namespace SshBot.Incidents.Storage;

internal abstract partial class SqlIncidentStore
{
    public async Task<IncidentDetail?> GetIncidentAsync(long incidentId, CancellationToken ct = default)
    {
        await using var c = await OpenConnectionAsync(ct);
        await using var t = await BeginReadAsync(c, ct);
        var incident = await c.Command(t, IncidentSql.IncidentById).With("@id", incidentId).ListAsync(IncidentReader.Summary, ct);
        if (incident.Count == 0)
        {
            return null;
        }

        var requests = await c.Command(t, IncidentSql.RequestsOfIncident).With("@id", incidentId).ListAsync(IncidentReader.Request, ct);
        var diagnoses = await c.Command(t, IncidentSql.DiagnosesOfIncident).With("@id", incidentId).ListAsync(IncidentReader.Diagnosis, ct);
        var stages = (await c.Command(t, IncidentSql.StagesOfIncident).With("@id", incidentId).ListAsync(IncidentReader.Stage, ct))
            .ToLookup(s => s.DiagnosisId, s => s.Stage);
        var replies = await c.Command(t, IncidentSql.RepliesOfIncident).With("@id", incidentId).ListAsync(IncidentReader.Reply, ct);
        var feedback = await c.Command(t, IncidentSql.FeedbackOfIncident).With("@id", incidentId).ListAsync(IncidentReader.Feedback, ct);
        var events = await c.Command(t, IncidentSql.EventsOfIncident).With("@id", incidentId)
            .ListAsync(r => new IncidentEvent(r.Long(0)!.Value, r.Long(1), r.GetString(2), r.GetString(3), r.Time(4)), ct);
        await t.CommitAsync(ct);
        return new IncidentDetail(
            incident[0],
            requests,
            [.. diagnoses.Select(d => d with { Stages = [.. stages[d.Id]] })],
            replies,
            feedback,
            events);
    }

    public async Task<IReadOnlyList<IncidentSummary>> ListIncidentsAsync(IncidentQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var c = await OpenConnectionAsync(ct);
        var command = c.Command(null, IncidentSql.ListIncidents(query.Host is not null, query.Port is not null, query.Since is not null, query.RequesterPrefix is not null))
            .With("@limit", (long)Math.Max(1, query.Limit));
        if (query.RequesterPrefix is { } prefix)
        {
            command.With("@requester", prefix);
        }

        if (query.Host is not null)
        {
            command.With("@host", NormalizeHost(query.Host));
        }

        if (query.Port is { } port)
        {
            command.With("@port", port);
        }

        if (query.Since is { } since)
        {
            command.With("@since", since);
        }

        return await command.ListAsync(IncidentReader.Summary, ct);
    }

    public async Task<IReadOnlyList<CauseCount>> CountByCauseAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        await using var c = await OpenConnectionAsync(ct);
        return await c.Command(null, IncidentSql.CountByCause).With("@since", since)
            .ListAsync(r => new CauseCount(r.GetString(0), r.Long(1)!.Value), ct);
    }

    public async Task<Novelty> GetNoveltyAsync(string host, int port, string? verdictId, long? excludingIncidentId, CancellationToken ct = default)
    {
        var exclude = excludingIncidentId ?? -1;
        await using var c = await OpenConnectionAsync(ct);
        var hostSeen = await c.Command(null, IncidentSql.HostSeenElsewhere)
            .With("@host", NormalizeHost(host)).With("@port", port).With("@exclude", exclude)
            .ScalarLongAsync(ct) is not null;
        var causeSeen = verdictId is null || await c.Command(null, IncidentSql.CauseSeenElsewhere)
            .With("@verdict", verdictId).With("@exclude", exclude)
            .ScalarLongAsync(ct) is not null;
        return new Novelty(!hostSeen, !causeSeen);
    }

    public async Task<IReadOnlyDictionary<string, double>> GetCausePriorsAsync(string? host, CancellationToken ct = default)
    {
        await using var c = await OpenConnectionAsync(ct);
        var command = c.Command(null, IncidentSql.ConfirmedCauses(host is not null));
        if (host is not null)
        {
            command.With("@host", NormalizeHost(host));
        }

        var counts = await command.ListAsync(r => (Verdict: r.GetString(0), Count: r.Long(1)!.Value), ct);
        double total = counts.Sum(x => x.Count);
        return counts.ToDictionary(x => x.Verdict, x => x.Count / total, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<HostKeySeen>> GetHostKeysAsync(string host, int port, CancellationToken ct = default)
    {
        await using var c = await OpenConnectionAsync(ct);
        return await c.Command(null, IncidentSql.HostKeys).With("@host", NormalizeHost(host)).With("@port", port)
            .ListAsync(IncidentReader.HostKey, ct);
    }
}
