namespace SshBot.KnowledgeBase.Overlay;

/// <summary>
/// The articles edited from chat, laid over the kb/ folder: each stored article replaces the
/// folder's file of the same id (or adds one), a retired one hides it. <see cref="Revision"/> is
/// the newest stored revision, so every process that read the same store names the same version.
/// </summary>
public sealed record KnowledgeOverlay(long Revision, IReadOnlyDictionary<string, StoredArticle> Articles)
{
    /// <summary>No stored edits: the folder alone, revision 0.</summary>
    public static KnowledgeOverlay Empty { get; } = new(0, new Dictionary<string, StoredArticle>(StringComparer.Ordinal));

    /// <summary>This overlay with one more edit on top, as revision <paramref name="revision"/> (to lint an edit before it is stored).</summary>
    public KnowledgeOverlay With(string id, string? text, long revision)
    {
        var articles = new Dictionary<string, StoredArticle>(Articles, StringComparer.Ordinal)
        {
            [id] = new StoredArticle(id, revision, text),
        };
        return new KnowledgeOverlay(revision, articles);
    }

    /// <summary>This overlay with the stored edit of <paramref name="id"/> dropped, so the folder's file (if any) shows again.</summary>
    public KnowledgeOverlay Without(string id, long revision)
    {
        var articles = new Dictionary<string, StoredArticle>(Articles, StringComparer.Ordinal);
        articles.Remove(id);
        return new KnowledgeOverlay(revision, articles);
    }
}

/// <summary>The stored state of one article: its text as of a revision, or retired when the text is null.</summary>
public sealed record StoredArticle(string Id, long Revision, string? Text)
{
    public bool Retired => Text is null;

    /// <summary>Where lint problems and <c>Article.SourcePath</c> say the article came from: <c>store:r12/ID.md</c>.</summary>
    public string SourceName => $"store:r{Revision}/{Id}.md";
}
