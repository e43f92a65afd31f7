namespace SshBot.Incidents.Threads;

/// <summary>The statements of <see cref="IIncidentThreads"/>, in the SQL both SQLite and PostgreSQL accept.</summary>
internal static class ThreadSql
{
    /// <summary>Rides ix_replies_thread and the (platform, channel, message_id) unique index.</summary>
    public const string IncidentOfThread = """
        SELECT incident_id FROM replies
        WHERE platform = @platform AND channel = @channel AND (thread = @thread OR message_id = @thread)
        ORDER BY id DESC LIMIT 1
        """;

    /// <summary>The answer given since the incident's latest diagnosis started, if any.</summary>
    public const string AnswerSinceLatestDiagnosis = """
        SELECT kind, given_by, given_at FROM feedback
        WHERE incident_id = @incident AND kind IN ('fixed', 'not-it')
          AND given_at >= (SELECT COALESCE(MAX(started_at), 0) FROM diagnoses WHERE incident_id = @incident)
        ORDER BY given_at, id LIMIT 1
        """;

    public const string ForRequester = """
        WHERE i.host IN (
            SELECT i2.host FROM incidents i2 JOIN requests r ON r.incident_id = i2.id WHERE r.requested_by = @by)
        """;

    public const string ScopedToRequesters = """
          AND EXISTS (SELECT 1 FROM requests r WHERE r.incident_id = i.id AND substr(r.requested_by, 1, length(@requester)) = @requester)
        """;

    public const string Newest = "\nORDER BY i.opened_at DESC, i.id DESC\nLIMIT @limit";
}
