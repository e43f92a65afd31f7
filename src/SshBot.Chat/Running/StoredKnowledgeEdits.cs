using SshBot.Incidents.Knowledge;
using SshBot.KnowledgeBase.Overlay;
using SshBot.KnowledgeBase.Reloading;

namespace SshBot.Chat.Running;

/// <summary>The edits made from chat, read from the incident store as the overlay the knowledge base lays over kb/.</summary>
public sealed class StoredKnowledgeEdits(IKnowledgeRevisions revisions) : IKnowledgeOverlaySource
{
    public Task<long> LatestRevisionAsync(CancellationToken ct) => revisions.LatestRevisionAsync(ct);

    public async Task<KnowledgeOverlay> ReadAsync(CancellationToken ct) => Fold(await revisions.ListRevisionsAsync(null, ct));

    /// <summary>
    /// Each article's newest revision decides its state: a text, retired, or (a revert with no text)
    /// back to the folder's file. The overlay's revision is the newest of all.
    /// </summary>
    public static KnowledgeOverlay Fold(IEnumerable<KnowledgeRevision> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var articles = new Dictionary<string, StoredArticle>(StringComparer.Ordinal);
        long latest = 0;
        foreach (var r in history.OrderBy(r => r.Revision))
        {
            latest = r.Revision;
            if (r.Verb == KnowledgeVerbs.Revert && r.Text is null)
            {
                articles.Remove(r.ArticleId);
            }
            else
            {
                articles[r.ArticleId] = new StoredArticle(r.ArticleId, r.Revision, r.Verb == KnowledgeVerbs.Retire ? null : r.Text);
            }
        }

        return new KnowledgeOverlay(latest, articles);
    }
}
