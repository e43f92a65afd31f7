using SshBot.KnowledgeBase.Overlay;

namespace SshBot.KnowledgeBase.Reloading;

/// <summary>
/// Where the edits made from chat are kept (the incident store, shared by every replica): a cheap
/// question polled every second, and the whole overlay read only when the answer changed.
/// </summary>
public interface IKnowledgeOverlaySource
{
    /// <summary>The newest stored revision (0 when nothing was ever stored).</summary>
    Task<long> LatestRevisionAsync(CancellationToken ct);

    /// <summary>Every stored article's newest state, and the revision that state is as of.</summary>
    Task<KnowledgeOverlay> ReadAsync(CancellationToken ct);
}
