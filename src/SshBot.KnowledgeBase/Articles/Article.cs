using SshBot.KnowledgeBase.Conditions;

namespace SshBot.KnowledgeBase.Articles;

/// <summary>
/// One knowledge-base article: a cause, the conditions under which it applies (compiled once
/// at load) and its sections. Immutable once loaded.
/// </summary>
public sealed class Article
{
    internal Article(string id, string title, Confidence confidence, IReadOnlyList<string> tags,
        IReadOnlyList<ArticleSection> sections, string sourcePath, Condition when)
    {
        Id = id;
        Title = title;
        Confidence = confidence;
        Tags = tags;
        Sections = sections;
        SourcePath = sourcePath;
        When = when;
    }

    public string Id { get; }

    public string Title { get; }

    public Confidence Confidence { get; }

    public IReadOnlyList<string> Tags { get; }

    /// <summary>
    /// For a symptom article, the articles of the causes behind it, most likely first
    /// (front matter <c>causes:</c>). A paste that shows only the symptom is answered with these,
    /// each with the check that decides it; empty for a cause.
    /// </summary>
    public IReadOnlyList<string> Causes { get; init; } = [];

    /// <summary>The sections in file order.</summary>
    public IReadOnlyList<ArticleSection> Sections { get; }

    /// <summary>The file the article was read from.</summary>
    public string SourcePath { get; }

    /// <summary>The compiled <c>when</c> list (an implicit <c>all</c>).</summary>
    public Condition When { get; }

    /// <summary>The section with this title (case-insensitive), or null.</summary>
    public ArticleSection? Section(string title) =>
        Sections.FirstOrDefault(s => string.Equals(s.Title, title, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Id;
}
