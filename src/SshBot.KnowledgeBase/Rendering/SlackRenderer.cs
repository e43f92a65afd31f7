namespace SshBot.KnowledgeBase.Rendering;

/// <summary>
/// Slack mrkdwn: <c>*bold*</c>, <c>_italic_</c>, <c>`code`</c>, fenced code, <c>&lt;url|text&gt;</c>
/// links; &amp;, &lt; and &gt; escaped everywhere as Slack asks, so article text can never form a
/// mention, a channel ping or a link.
/// </summary>
public sealed class SlackRenderer : ArticleRenderer
{
    protected override string Escape(string text) => EscapeText(text);

    /// <summary>Slack's three escapes: text can never form a mention, a ping or a link.</summary>
    public static string EscapeText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);
    }

    protected override string Title(string text) => $"*{text}*";

    protected override string Heading(string text) => $"*{text}*";

    protected override string Bold(string inner) => $"*{inner}*";

    protected override string Italic(string inner) => $"_{inner}_";

    protected override string Code(string code) => $"`{Escape(code)}`";

    protected override string CodeBlock(string code, string? language) => $"```\n{Escape(code)}\n```";

    protected override string Link(string url, string text) =>
        $"<{Escape(url).Replace("|", "%7C", StringComparison.Ordinal)}|{text.Replace("|", "/", StringComparison.Ordinal)}>";

    protected override string Bullet(int depth) => new string(' ', depth * 4) + "• ";

    protected override string QuoteLine(string line) => "&gt; " + line;
}
