namespace SshBot.Incidents.Storage;

/// <summary>
/// Every statement the stores run, in the SQL both SQLite and PostgreSQL accept. Times are
/// Unix milliseconds (BIGINT) so comparisons and ordering mean the same on both.
/// </summary>
internal static class IncidentSql
{
    public const string FindRequestByKey = """
        SELECT r.id, r.incident_id, d.id
        FROM requests r JOIN diagnoses d ON d.request_id = r.id
        WHERE r.idempotency_key = @key
        """;

    public const string FindJoinableIncident = """
        SELECT id FROM incidents
        WHERE host = @host AND port = @port AND status = 'open' AND last_activity_at >= @cutoff
        ORDER BY last_activity_at DESC, id DESC
        LIMIT 1
        """;

    public const string TouchIncident = "UPDATE incidents SET last_activity_at = @now WHERE id = @id";

    public const string InsertIncident = """
        INSERT INTO incidents (host, port, status, opened_at, last_activity_at)
        VALUES (@host, @port, 'open', @now, @now)
        RETURNING id
        """;

    public const string InsertRequest = """
        INSERT INTO requests (incident_id, idempotency_key, requested_by, platform, channel, thread, text, received_at)
        VALUES (@incident, @key, @by, @platform, @channel, @thread, @text, @now)
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id
        """;

    public const string InsertDiagnosis = """
        INSERT INTO diagnoses (incident_id, request_id, status, started_at)
        VALUES (@incident, @request, 'running', @now)
        RETURNING id
        """;

    public const string DiagnosisExists = "SELECT 1 FROM diagnoses WHERE id = @id";

    public const string IncidentExists = "SELECT 1 FROM incidents WHERE id = @id";

    public const string InsertStage = """
        INSERT INTO stages (diagnosis_id, name, status, duration_ms, observations_json, recorded_at)
        VALUES (@diagnosis, @name, @status, @ms, @observations, @now)
        """;

    public const string CompleteDiagnosis = """
        UPDATE diagnoses
        SET status = 'completed', completed_at = @now, verdict_id = @verdict,
            findings_json = @findings, observations_json = @observations
        WHERE id = @id
        RETURNING incident_id
        """;

    public const string SetIncidentVerdict = """
        UPDATE incidents SET verdict_id = COALESCE(@verdict, verdict_id), last_activity_at = @now
        WHERE id = @id
        """;

    public const string InsertReply = """
        INSERT INTO replies (incident_id, diagnosis_id, platform, channel, thread, message_id, sent_at)
        VALUES (@incident, @diagnosis, @platform, @channel, @thread, @message, @now)
        ON CONFLICT (platform, channel, message_id) DO NOTHING
        """;

    public const string InsertFeedback = """
        INSERT INTO feedback (incident_id, kind, verdict_id, fix_applied, text, given_by, given_at)
        VALUES (@incident, @kind, COALESCE(@verdict, (SELECT verdict_id FROM incidents WHERE id = @incident)),
                @fix, @text, @by, @now)
        """;

    public const string Resolve = """
        UPDATE incidents SET status = 'resolved', resolved_at = @now, resolved_by = @by
        WHERE id = @id AND status = 'open'
        """;

    public const string InsertHostKey = """
        INSERT INTO host_keys (host, port, key_type, fingerprint, first_seen, last_seen)
        VALUES (@host, @port, @type, @fingerprint, @now, @now)
        ON CONFLICT (host, port, key_type, fingerprint) DO NOTHING
        """;

    public const string TouchHostKey = """
        UPDATE host_keys SET last_seen = @now
        WHERE host = @host AND port = @port AND key_type = @type AND fingerprint = @fingerprint
        """;

    public const string HostKeys = """
        SELECT host, port, key_type, fingerprint, first_seen, last_seen FROM host_keys
        WHERE host = @host AND port = @port
        ORDER BY first_seen, key_type, fingerprint
        """;

    /// <summary>Incident columns plus its latest "fixed" feedback; read by IncidentReader.Summary.</summary>
    internal const string SummarySelect = """
        SELECT i.id, i.host, i.port, i.status, i.opened_at, i.last_activity_at, i.verdict_id,
               i.resolved_at, i.resolved_by,
               f.id, f.verdict_id, f.fix_applied, f.text, f.given_by, f.given_at
        FROM incidents i
        LEFT JOIN feedback f ON f.id = (
            SELECT f2.id FROM feedback f2 WHERE f2.incident_id = i.id AND f2.kind = 'fixed'
            ORDER BY f2.given_at DESC, f2.id DESC LIMIT 1)
        """;

    public const string IncidentById = SummarySelect + "\nWHERE i.id = @id";

    /// <summary>
    /// History, newest first. The host filter and the order ride the (host, opened_at, id) index,
    /// so a host's page costs the same however large the table grows.
    /// </summary>
    public static string ListIncidents(bool byHost, bool byPort, bool bySince, bool byRequester = false)
    {
        var where = new List<string>();
        if (byRequester)
        {
            // substr rather than LIKE: exact and case-sensitive on both databases, no escaping.
            where.Add("EXISTS (SELECT 1 FROM requests r WHERE r.incident_id = i.id AND substr(r.requested_by, 1, length(@requester)) = @requester)");
        }

        if (byHost)
        {
            where.Add("i.host = @host");
        }

        if (byPort)
        {
            where.Add("i.port = @port");
        }

        if (bySince)
        {
            where.Add("i.opened_at >= @since");
        }

        var filter = where.Count == 0 ? string.Empty : "\nWHERE " + string.Join(" AND ", where);
        return SummarySelect + filter + "\nORDER BY i.opened_at DESC, i.id DESC\nLIMIT @limit";
    }

    public const string RequestsOfIncident = """
        SELECT id, idempotency_key, requested_by, platform, channel, thread, text, received_at
        FROM requests WHERE incident_id = @id ORDER BY id
        """;

    public const string DiagnosesOfIncident = """
        SELECT id, request_id, status, started_at, completed_at, verdict_id, findings_json, observations_json, kb_version
        FROM diagnoses WHERE incident_id = @id ORDER BY id
        """;

    public const string StagesOfIncident = """
        SELECT s.id, s.diagnosis_id, s.name, s.status, s.duration_ms, s.observations_json, s.recorded_at
        FROM stages s JOIN diagnoses d ON d.id = s.diagnosis_id
        WHERE d.incident_id = @id ORDER BY s.id
        """;

    public const string RepliesOfIncident = """
        SELECT id, diagnosis_id, platform, channel, thread, message_id, sent_at
        FROM replies WHERE incident_id = @id ORDER BY id
        """;

    public const string FeedbackOfIncident = """
        SELECT id, kind, verdict_id, fix_applied, text, given_by, given_at
        FROM feedback WHERE incident_id = @id ORDER BY id
        """;

    public const string CountByCause = """
        SELECT verdict_id, COUNT(*) FROM incidents
        WHERE opened_at >= @since AND verdict_id IS NOT NULL
        GROUP BY verdict_id
        ORDER BY COUNT(*) DESC, verdict_id
        """;

    public const string HostSeenElsewhere = """
        SELECT 1 FROM incidents WHERE host = @host AND port = @port AND id <> @exclude LIMIT 1
        """;

    public const string CauseSeenElsewhere = """
        SELECT 1 FROM diagnoses WHERE verdict_id = @verdict AND incident_id <> @exclude LIMIT 1
        """;

    public static string ConfirmedCauses(bool byHost) => """
        SELECT f.verdict_id, COUNT(*) FROM feedback f JOIN incidents i ON i.id = f.incident_id
        WHERE f.kind = 'fixed' AND f.verdict_id IS NOT NULL
        """ + (byHost ? " AND i.host = @host" : string.Empty) + "\nGROUP BY f.verdict_id";

    /// <summary>Child rows go with their incident through ON DELETE CASCADE.</summary>
    public const string Prune = """
        DELETE FROM incidents
        WHERE status = 'resolved' AND last_activity_at < @cutoff AND resolved_at < @cutoff
        """;

    public const string InsertEvent = """
        INSERT INTO incident_events (incident_id, diagnosis_id, kind, text, at)
        VALUES (@incident, @diagnosis, @kind, @text, @now)
        """;

    public const string EventsOfIncident = """
        SELECT id, diagnosis_id, kind, text, at FROM incident_events WHERE incident_id = @id ORDER BY id
        """;
}
