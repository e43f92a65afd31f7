namespace SshBot.Incidents.Storage;

/// <summary>
/// The schema, as numbered migrations applied in order inside one transaction at start-up.
/// Append a migration to change the schema; never edit one that has shipped.
/// </summary>
internal static class SchemaMigrations
{
    /// <summary>The newest schema this code understands; a store holding a newer one is refused.</summary>
    public static int CurrentVersion => Migrations.Count;

    /// <summary>Statements of migration <paramref name="version"/> (1-based), with the dialect's id column type.</summary>
    public static IEnumerable<string> Statements(int version, string identityColumn) =>
        Migrations[version - 1].Select(s => s.Replace("{id}", identityColumn, StringComparison.Ordinal));

    private static readonly IReadOnlyList<string[]> Migrations =
    [
        [
            """
            CREATE TABLE incidents (
                id {id},
                host TEXT NOT NULL,
                port INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
                opened_at BIGINT NOT NULL,
                last_activity_at BIGINT NOT NULL,
                verdict_id TEXT NULL,
                resolved_at BIGINT NULL,
                resolved_by TEXT NULL)
            """,
            "CREATE INDEX ix_incidents_host_opened ON incidents (host, opened_at, id)",
            "CREATE INDEX ix_incidents_opened ON incidents (opened_at)",
            "CREATE INDEX ix_incidents_open_target ON incidents (host, port) WHERE status = 'open'",
            """
            CREATE TABLE requests (
                id {id},
                incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
                idempotency_key TEXT NOT NULL UNIQUE,
                requested_by TEXT NOT NULL,
                platform TEXT NOT NULL,
                channel TEXT NULL,
                thread TEXT NULL,
                text TEXT NOT NULL,
                received_at BIGINT NOT NULL)
            """,
            "CREATE INDEX ix_requests_incident ON requests (incident_id)",
            """
            CREATE TABLE diagnoses (
                id {id},
                incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
                request_id BIGINT NOT NULL UNIQUE REFERENCES requests (id) ON DELETE CASCADE,
                status TEXT NOT NULL CHECK (status IN ('running', 'completed')),
                started_at BIGINT NOT NULL,
                completed_at BIGINT NULL,
                verdict_id TEXT NULL,
                findings_json TEXT NULL,
                observations_json TEXT NULL)
            """,
            "CREATE INDEX ix_diagnoses_incident ON diagnoses (incident_id)",
            "CREATE INDEX ix_diagnoses_verdict ON diagnoses (verdict_id)",
            """
            CREATE TABLE stages (
                id {id},
                diagnosis_id BIGINT NOT NULL REFERENCES diagnoses (id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                status TEXT NOT NULL,
                duration_ms BIGINT NOT NULL,
                observations_json TEXT NOT NULL,
                recorded_at BIGINT NOT NULL)
            """,
            "CREATE INDEX ix_stages_diagnosis ON stages (diagnosis_id)",
            """
            CREATE TABLE replies (
                id {id},
                incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
                diagnosis_id BIGINT NULL REFERENCES diagnoses (id) ON DELETE CASCADE,
                platform TEXT NOT NULL,
                channel TEXT NOT NULL,
                thread TEXT NULL,
                message_id TEXT NOT NULL,
                sent_at BIGINT NOT NULL,
                UNIQUE (platform, channel, message_id))
            """,
            "CREATE INDEX ix_replies_incident ON replies (incident_id)",
            "CREATE INDEX ix_replies_diagnosis ON replies (diagnosis_id)",
            """
            CREATE TABLE feedback (
                id {id},
                incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('fixed', 'not-it', 'comment')),
                verdict_id TEXT NULL,
                fix_applied TEXT NULL,
                text TEXT NULL,
                given_by TEXT NOT NULL,
                given_at BIGINT NOT NULL)
            """,
            "CREATE INDEX ix_feedback_incident ON feedback (incident_id, kind)",
            """
            CREATE TABLE host_keys (
                host TEXT NOT NULL,
                port INTEGER NOT NULL,
                key_type TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                first_seen BIGINT NOT NULL,
                last_seen BIGINT NOT NULL,
                PRIMARY KEY (host, port, key_type, fingerprint))
            """,
        ],
        [
            // Work accepted from chat, stored before the platform is told 200 (the inbox): claimed
            // under a lease by one worker at a time, claimed again when the lease runs out.
            """
            CREATE TABLE work_items (
                id {id},
                idempotency_key TEXT NOT NULL UNIQUE,
                platform TEXT NOT NULL,
                requested_by TEXT NOT NULL,
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
                attempts INTEGER NOT NULL,
                owner TEXT NULL,
                lease_until BIGINT NULL,
                enqueued_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                outcome TEXT NULL)
            """,
            "CREATE INDEX ix_work_status ON work_items (status, id)",
            "CREATE INDEX ix_work_requested_by ON work_items (requested_by, status)",
            // What happened to an incident besides its stages: a restart that interrupted it, a
            // card that could not be delivered, a fallback to plain text.
            """
            CREATE TABLE incident_events (
                id {id},
                incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
                diagnosis_id BIGINT NULL REFERENCES diagnoses (id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                text TEXT NOT NULL,
                at BIGINT NOT NULL)
            """,
            "CREATE INDEX ix_incident_events_incident ON incident_events (incident_id)",
        ],
        // The knowledge-base edits made from chat, stored once for every replica and agent, each
        // revision kept (who, when, the verb, the text); and the version each diagnosis used.
        [
            """
            CREATE TABLE kb_revisions (
                id {id},
                article_id TEXT NOT NULL,
                verb TEXT NOT NULL CHECK (verb IN ('add', 'replace', 'retire', 'revert')),
                text TEXT NULL,
                author TEXT NOT NULL,
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX ix_kb_revisions_article ON kb_revisions (article_id, id)",
            "ALTER TABLE diagnoses ADD COLUMN kb_version TEXT NULL",
        ],
        // A reply in a thread the bot posted in is found by its thread (chat platforms' thread replies).
        [
            "CREATE INDEX ix_replies_thread ON replies (platform, channel, thread)",
        ],
        // Claims a graceful stop gave back, counted apart from attempts: those are not the
        // request's failures, and must not get it given up.
        [
            "ALTER TABLE work_items ADD COLUMN stops INTEGER NOT NULL DEFAULT 0",
        ],
    ];
}
