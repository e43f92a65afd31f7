namespace SshBot.Incidents.Knowledge;

/// <summary>
/// The knowledge-base edits made from chat, kept in the incident store so every replica and agent
/// reading the store serves the same articles. Revisions are numbered in the order they were
/// accepted and never change; the newest revision of an article is its state.
/// </summary>
public interface IKnowledgeRevisions
{
    /// <summary>The newest revision number, 0 when none was ever stored: what every process polls.</summary>
    Task<long> LatestRevisionAsync(CancellationToken ct = default);

    /// <summary>Every revision oldest first, or only those of one article.</summary>
    Task<IReadOnlyList<KnowledgeRevision>> ListRevisionsAsync(string? articleId = null, CancellationToken ct = default);

    /// <summary>
    /// Stores the edit as the next revision, in one transaction, if the newest revision is still
    /// <paramref name="basedOn"/> (the state the caller linted the edit against). Returns the new
    /// revision number, or null when another edit was stored first: read again, lint again, retry.
    /// </summary>
    Task<long?> AppendRevisionAsync(KnowledgeEdit edit, long basedOn, CancellationToken ct = default);

    /// <summary>Names the knowledge-base version a completed diagnosis was ranked with.</summary>
    Task RecordKnowledgeBaseVersionAsync(long diagnosisId, string version, CancellationToken ct = default);
}
