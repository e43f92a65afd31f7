using System.Text.RegularExpressions;

namespace SshBot.KnowledgeBase.Linting;

/// <summary>
/// An article title reaches every verdict in every channel, in summaries and notifications where
/// no Markdown is rendered: it must be plain text. Links in any form (Markdown, Slack's
/// <c>&lt;url|label&gt;</c>, bare URLs, script schemes), HTML, and control or invisible characters
/// (zero-width, bidi overrides) are refused.
/// </summary>
internal static partial class TitleRules
{
    public static string? Problem(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        if (title.IndexOfAny(['<', '>']) >= 0)
        {
            return "the title must be plain text: no HTML and no <...> links";
        }

        if (MarkdownLink().IsMatch(title))
        {
            return "the title must be plain text: no Markdown links";
        }

        if (UrlLike().IsMatch(title))
        {
            return "the title must be plain text: no URLs or link schemes (http:, javascript:, www. ...)";
        }

        if (title.Any(c => char.IsControl(c) || IsInvisible(c)))
        {
            return "the title must be plain text: no control, zero-width or bidi characters";
        }

        return null;
    }

    /// <summary>Zero-width and direction-changing characters: they hide or reorder what a reader sees.</summary>
    internal static bool IsInvisible(char c) =>
        c is '\u00AD' or '\u061C' or '\u180E' or '\uFEFF' or (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E') or (>= '\u2060' and <= '\u206F');

    [GeneratedRegex(@"!?\[[^\]]*\]\s*[\(\[]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"(?i)(\b[a-z][a-z0-9+.\-]*://|\bwww\.|\b(javascript|vbscript|data|file|mailto|tel|slack|msteams)\s*:)", RegexOptions.CultureInvariant)]
    private static partial Regex UrlLike();
}
