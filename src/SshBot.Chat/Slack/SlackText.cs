using System.Text.RegularExpressions;

namespace SshBot.Chat.Slack;

/// <summary>
/// A message's text as its author typed it. Slack delivers text escaped (<c>&amp;lt;</c>,
/// <c>&amp;gt;</c>, <c>&amp;amp;</c>) and turns anything that looks like an address into a link:
/// <c>web-01.example.com</c> arrives as <c>&lt;http://web-01.example.com|web-01.example.com&gt;</c>
/// and <c>deploy@web-01.example.com</c> as a <c>mailto:</c> link. Read raw, a host name becomes
/// no host at all and a quoted log (<c>&amp;gt; debug1: ...</c>) no log.
/// </summary>
public static partial class SlackText
{
    /// <summary>
    /// Unwraps web and mail links to the words shown, and undoes Slack's three escapes. Mentions
    /// (<c>&lt;@U...&gt;</c>), channel links and special commands (<c>&lt;!here&gt;</c>) stay as they are:
    /// they are how the bot recognises being addressed, and never words to read as hosts.
    /// </summary>
    public static string ToPlain(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var unlinked = Link().Replace(text, m =>
        {
            var target = m.Groups["target"].Value;
            var label = m.Groups["label"].Success ? m.Groups["label"].Value : null;
            var shown = target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? target["mailto:".Length..] : target;
            // Slack's own link for typed text shows that text (the address without its scheme);
            // a link the author labelled keeps both parts, as Markdown.
            if (label is not { Length: > 0 })
            {
                return shown;
            }

            return SameAddress(label, shown) ? label : $"[{label}]({target})";
        });

        return unlinked.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
    }

    private static bool SameAddress(string label, string shown)
    {
        var bare = shown.Contains("://", StringComparison.Ordinal) ? shown[(shown.IndexOf("://", StringComparison.Ordinal) + 3)..] : shown;
        return string.Equals(label, shown, StringComparison.OrdinalIgnoreCase)
            || string.Equals(label.TrimEnd('/'), bare.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
    }

    // Only web and mail links: <https://x|label>, <http://x>, <mailto:a@b|a@b>. The link is
    // bounded by the message's own angle brackets, which Slack never leaves unescaped in text.
    [GeneratedRegex(@"<(?<target>(?:https?://|mailto:)[^<>|\s]+)(?:\|(?<label>[^<>]*))?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Link();
}
