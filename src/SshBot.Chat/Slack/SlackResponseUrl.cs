namespace SshBot.Chat.Slack;

/// <summary>
/// The only places the bot POSTs a <c>response_url</c> to: Slack's <c>https://hooks.slack.com/</c>
/// on the default port, or under <see cref="SlackOptions.ResponseUrlBase"/> (same scheme, host and
/// port, path below it). The URL comes inside a signed payload, but it is still a URL the bot would
/// call with data: anything else is refused (SSRF).
/// </summary>
public static class SlackResponseUrl
{
    private const string SlackHooksHost = "hooks.slack.com";

    public static bool TryAccept(string? value, SlackOptions options, out Uri url)
    {
        ArgumentNullException.ThrowIfNull(options);
        return TryAccept(value, SlackHooksHost, options.ResponseUrlBase, out url);
    }

    /// <summary>
    /// Whether <paramref name="value"/> is on <paramref name="slackHost"/> (https, default port) or
    /// under <paramref name="under"/> (same scheme, host and port, path below it): the rule for every
    /// URL from a payload the bot calls.
    /// </summary>
    internal static bool TryAccept(string? value, string slackHost, Uri? under, out Uri url)
    {
        url = null!;
        if (string.IsNullOrEmpty(value) || value.Length > 2048 || !Uri.TryCreate(value, UriKind.Absolute, out var parsed)
            || parsed.UserInfo.Length > 0 || parsed.Fragment.Length > 0)
        {
            return false;
        }

        var fromSlack = parsed.Scheme == Uri.UriSchemeHttps && parsed.IsDefaultPort
            && string.Equals(parsed.IdnHost, slackHost, StringComparison.OrdinalIgnoreCase);
        var fromBase = under is { IsAbsoluteUri: true } b
            && parsed.Scheme == b.Scheme && string.Equals(parsed.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && parsed.Port == b.Port
            && parsed.AbsolutePath.StartsWith(b.AbsolutePath.EndsWith('/') ? b.AbsolutePath : b.AbsolutePath + "/", StringComparison.Ordinal);
        if (!fromSlack && !fromBase)
        {
            return false;
        }

        url = parsed;
        return true;
    }
}
