using SshBot.KnowledgeBase.Articles;
using SshBot.KnowledgeBase.Linting;

namespace SshBot.KnowledgeBase.Loading;

/// <summary>A relative link from one article to another, with its 1-based line.</summary>
internal sealed record ArticleLink(string Target, int Line);

/// <summary>
/// What reading one file gave: the article when it is clean, otherwise the problems, plus what
/// the directory-wide checks need (the id and its line, the links).
/// </summary>
internal sealed record ParsedArticle(
    string Path, string? Id, int IdLine, Article? Article, IReadOnlyList<ArticleLink> Links, IReadOnlyList<LintProblem> Problems);
