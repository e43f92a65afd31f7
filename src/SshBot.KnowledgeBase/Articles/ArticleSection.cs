using Markdig.Syntax;

namespace SshBot.KnowledgeBase.Articles;

/// <summary>
/// One <c>##</c> section of an article: its title, the 1-based line of its heading, and its
/// content as Markdig blocks (a document of its own) so every renderer works from the same tree.
/// </summary>
public sealed record ArticleSection(string Title, int Line, MarkdownDocument Content);
