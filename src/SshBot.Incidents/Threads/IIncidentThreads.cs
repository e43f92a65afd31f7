namespace SshBot.Incidents.Threads;

/// <summary>
/// What a chat platform needs beyond history to follow the bot's own threads: which incident a
/// thread belongs to (so a reply that does not mention the bot is seen only there), one answer per
/// verdict card, and the incidents of the hosts one person asked about (their home tab).
/// </summary>
public interface IIncidentThreads
{
    /// <summary>
    /// The newest incident the bot replied about in that thread, or whose reply is that thread's
    /// first message; null when the bot never posted there (the thread is someone else's).
    /// </summary>
    Task<long?> FindIncidentByThreadAsync(string platform, string channel, string thread, CancellationToken ct = default);

    /// <summary>
    /// Records "fixed" or "not-it" feedback unless the incident's latest diagnosis was already
    /// answered either way, in one transaction so two presses at once record one answer. Returns
    /// the answer that stands: the new one (<see cref="CardAnswerRecord.Recorded"/>) or the earlier one.
    /// </summary>
    Task<CardAnswerRecord> RecordAnswerAsync(FeedbackGiven feedback, CancellationToken ct = default);

    /// <summary>
    /// Incidents newest first on the hosts that <paramref name="requestedBy"/> (exactly) asked
    /// about; with <paramref name="requesterPrefix"/> only those someone matching it asked about.
    /// </summary>
    Task<IReadOnlyList<IncidentSummary>> ListForRequesterAsync(string requestedBy, string? requesterPrefix, int limit, CancellationToken ct = default);
}

/// <summary>The answer a verdict card carries: fixed or not-it, who, when; Recorded when this call stored it.</summary>
public sealed record CardAnswerRecord(string Kind, string GivenBy, DateTimeOffset GivenAt, bool Recorded);
