namespace SshBot.Incidents;

/// <summary>
/// The incident history (DESIGN §9): every diagnosis request, its stages, verdict, replies and
/// feedback, and the host keys seen. One implementation per database; all SQL lives behind it.
/// </summary>
public interface IIncidentStore : IAsyncDisposable
{
    /// <summary>
    /// Records a request before any probe runs: joins the target's open incident when its last
    /// activity is within the join window, else opens one; starts a diagnosis in status running.
    /// A request whose idempotency key was seen before returns the existing ids, marked duplicate.
    /// </summary>
    Task<OpenedRequest> OpenRequestAsync(IncidentRequest request, CancellationToken ct = default);

    /// <summary>Appends one finished stage of a running diagnosis.</summary>
    Task AppendStageAsync(long diagnosisId, string stageName, string status, long durationMs, string observationsJson, CancellationToken ct = default);

    /// <summary>Marks a diagnosis completed with its verdict (null when nothing matched).</summary>
    Task CompleteDiagnosisAsync(long diagnosisId, string? verdictId, string findingsJson, string observationsJson, CancellationToken ct = default);

    /// <summary>Remembers a reply sent, so a restarted bot can still update it in place.</summary>
    Task RecordReplyAsync(ReplySent reply, CancellationToken ct = default);

    /// <summary>
    /// Records something that happened to an incident besides its stages (see <see cref="IncidentEventKinds"/>):
    /// a restart that interrupted its diagnosis, a reply that could not be delivered.
    /// </summary>
    Task RecordEventAsync(long incidentId, long? diagnosisId, string kind, string text, CancellationToken ct = default);

    /// <summary>Records feedback. "fixed" feedback also resolves the incident if it is open.</summary>
    Task RecordFeedbackAsync(FeedbackGiven feedback, CancellationToken ct = default);

    /// <summary>Resolves an open incident; false when it was already resolved.</summary>
    Task<bool> ResolveAsync(long incidentId, string resolvedBy, CancellationToken ct = default);

    /// <summary>Records a host key sighting; true when this key was never seen for the host before.</summary>
    Task<bool> RecordHostKeyAsync(string host, int port, string keyType, string sha256Fingerprint, CancellationToken ct = default);

    Task<IReadOnlyList<HostKeySeen>> GetHostKeysAsync(string host, int port, CancellationToken ct = default);

    /// <summary>One incident with all it holds, or null when no incident has that id.</summary>
    Task<IncidentDetail?> GetIncidentAsync(long incidentId, CancellationToken ct = default);

    /// <summary>Incidents newest first, each with its verdict and the feedback that fixed it.</summary>
    Task<IReadOnlyList<IncidentSummary>> ListIncidentsAsync(IncidentQuery query, CancellationToken ct = default);

    /// <summary>Incidents per verdict opened since the given time, most frequent first.</summary>
    Task<IReadOnlyList<CauseCount>> CountByCauseAsync(DateTimeOffset since, CancellationToken ct = default);

    /// <summary>Whether the host, and the cause, appear in any incident other than the given one.</summary>
    Task<Novelty> GetNoveltyAsync(string host, int port, string? verdictId, long? excludingIncidentId, CancellationToken ct = default);

    /// <summary>
    /// Confirmed-cause priors for the matcher: each verdict's share of "fixed" feedback, for one
    /// host when given, fleet-wide when null. Weights sum to 1; empty when nothing was confirmed.
    /// </summary>
    Task<IReadOnlyDictionary<string, double>> GetCausePriorsAsync(string? host, CancellationToken ct = default);

    /// <summary>Deletes resolved incidents with no activity for longer than the age; never open ones.</summary>
    Task<int> PruneAsync(TimeSpan olderThan, CancellationToken ct = default);
}
