namespace SshBot.KnowledgeBase.Rendering;

/// <summary>
/// The Markdown subset an Adaptive Card TextBlock shows: <c>**bold**</c>, <c>_italic_</c>, lists,
/// <c>[text](url)</c>. TextBlocks have no headings and no code formatting, so headings become bold
/// lines and code is shown as its text, code blocks line by line.
/// </summary>
public sealed class TeamsRenderer : ArticleRenderer
{
    protected override string Escape(string text) => EscapeText(text);

    /// <summary>Escapes the characters a TextBlock would read as Markdown, so user and host text stays text.</summary>
    public static string EscapeText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '[' or ']' or '`' or '<' or '>')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    protected override string Title(string text) => $"**{text}**";

    protected override string Heading(string text) => $"**{text}**";

    protected override string Bold(string inner) => $"**{inner}**";

    protected override string Italic(string inner) => $"_{inner}_";

    protected override string Code(string code) => Escape(code);

    // One paragraph per code line, and a line that would read as a heading, list item or quote
    // (a shell comment "# ..." above all) is escaped so it stays text.
    protected override string CodeBlock(string code, string? language) =>
        string.Join("\n\n", Escape(code).Split('\n').Select(line => line.TrimEnd()).Where(line => line.Length > 0).Select(EscapeLineStart));

    private static string EscapeLineStart(string line)
    {
        var trimmed = line.TrimStart();
        var numbered = trimmed.Length > 1 && char.IsAsciiDigit(trimmed[0]) && trimmed.SkipWhile(char.IsAsciiDigit).FirstOrDefault() is '.' or ')';
        return trimmed.Length > 0 && (trimmed[0] is '#' or '-' or '+' or '=' || numbered) ? "\\" + trimmed : trimmed;
    }

    protected override string Link(string url, string text) =>
        $"[{text}]({url.Replace(")", "%29", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal)})";
}
