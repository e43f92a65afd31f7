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
        url = null!;
        if (string.IsNullOrEmpty(value) || value.Length > 2048 || !Uri.TryCreate(value, UriKind.Absolute, out var parsed)
            || parsed.UserInfo.Length > 0 || parsed.Fragment.Length > 0)
        {
            return false;
        }

        var fromSlack = parsed.Scheme == Uri.UriSchemeHttps && parsed.IsDefaultPort
            && string.Equals(parsed.IdnHost, SlackHooksHost, StringComparison.OrdinalIgnoreCase);
        var fromBase = options.ResponseUrlBase is { IsAbsoluteUri: true } b
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
