namespace SshBot.KnowledgeBase.Rendering;

/// <summary>
/// Which link targets may reach a chat client. Anything with a scheme other than http, https
/// or mailto (javascript:, data:, vbscript:, file:, ...) is dropped to its text.
/// </summary>
public static class LinkSafety
{
    private static readonly string[] AllowedSchemes = ["http", "https", "mailto"];

    /// <summary>True for http(s)/mailto links and for scheme-less (relative) links.</summary>
    public static bool IsSafe(string url)
    {
        var scheme = SchemeOf(url);
        return scheme is null || AllowedSchemes.Contains(scheme, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>True for absolute http(s)/mailto links, the only ones a renderer emits as links.</summary>
    public static bool IsExternal(string url) => SchemeOf(url) is { } scheme && AllowedSchemes.Contains(scheme, StringComparer.OrdinalIgnoreCase);

    /// <summary>True for a link with no scheme, such as <c>other-id.md</c> or <c>other-id</c>.</summary>
    public static bool IsRelative(string url) => SchemeOf(url) is null && !url.StartsWith("//", StringComparison.Ordinal);

    private static string? SchemeOf(string url)
    {
        // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
        var cleaned = new string(url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
        var colon = cleaned.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var slash = cleaned.IndexOfAny(['/', '?', '#']);
        if (slash >= 0 && slash < colon)
        {
            return null;
        }

        return cleaned[..colon];
    }
}
