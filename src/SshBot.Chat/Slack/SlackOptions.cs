using Microsoft.Extensions.Options;

namespace SshBot.Chat.Slack;

/// <summary>
/// Slack settings (section <c>Slack</c>, env <c>Slack__SigningSecret</c> etc.). Slack is off when
/// none is set; set partly, start-up stops naming the missing key.
/// </summary>
public sealed class SlackOptions
{
    public const string SectionName = "Slack";

    /// <summary>Verifies every request from Slack (Basic Information → Signing Secret).</summary>
    public string? SigningSecret { get; set; }

    /// <summary>xoxb- token for chat.postMessage and chat.update.</summary>
    public string? BotToken { get; set; }

    /// <summary>xapp- token (scope connections:write) for Socket Mode; setting it turns Socket Mode on.</summary>
    public string? AppToken { get; set; }

    /// <summary><c>http</c> (Slack calls the webhooks) or <c>socket</c> (the bot connects out to Slack); <c>socket</c> when an app token is set.</summary>
    public string? Mode { get; set; }

    public Uri ApiUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>
    /// Where a slash command's or a button's <c>response_url</c> may point besides Slack's own
    /// <c>https://hooks.slack.com/</c>: a Slack-compatible gateway, or the fake Slack of tests.
    /// Any other response_url is refused and logged, so a payload cannot make the bot POST elsewhere.
    /// </summary>
    public Uri? ResponseUrlBase { get; set; }

    /// <summary>
    /// Where an attached file (a snippet) may be downloaded from besides Slack's own
    /// <c>https://files.slack.com/</c>: a Slack-compatible gateway, or the fake Slack of tests. The
    /// bot token goes with the download, so no other address is ever called.
    /// </summary>
    public Uri? FileUrlBase { get; set; }

    /// <summary>The bot's own user id, so its own messages are never answered (bot_id catches the rest).</summary>
    public string? BotUserId { get; set; }

    /// <summary>How far a request's timestamp may be from now, either way.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest request body read; anything larger is refused unread.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The wait before the second try of a failed Web API call when Slack names none; doubled for each further try.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>All tries of one Web API call end within this; a longer Retry-After gives up instead of waiting.</summary>
    public TimeSpan MaxRetryTime { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrEmpty(SigningSecret) || !string.IsNullOrEmpty(BotToken) || !string.IsNullOrEmpty(AppToken) || !string.IsNullOrEmpty(Mode);

    /// <summary>Payloads arrive over a WebSocket the bot opens with the app token, not on the webhooks.</summary>
    public bool UsesSocketMode => string.Equals(Mode, "socket", StringComparison.OrdinalIgnoreCase) || !string.IsNullOrEmpty(AppToken);
}

/// <summary>All or nothing: a half-configured Slack stops start-up with the key that is missing.</summary>
public sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var missing = new List<string>();
        if (!string.IsNullOrEmpty(options.Mode) && !options.Mode.Equals("http", StringComparison.OrdinalIgnoreCase) && !options.Mode.Equals("socket", StringComparison.OrdinalIgnoreCase))
        {
            missing.Add("Slack:Mode (env Slack__Mode) must be http or socket");
        }

        if (options.UsesSocketMode && string.IsNullOrEmpty(options.AppToken))
        {
            missing.Add("Slack:AppToken (env Slack__AppToken) is missing for Socket Mode");
        }

        if (!options.UsesSocketMode && string.IsNullOrEmpty(options.SigningSecret))
        {
            missing.Add("Slack:SigningSecret (env Slack__SigningSecret) is missing");
        }

        if (string.IsNullOrEmpty(options.BotToken))
        {
            missing.Add("Slack:BotToken (env Slack__BotToken) is missing");
        }

        if (!options.ApiUrl.IsAbsoluteUri || options.ApiUrl.Scheme is not ("https" or "http"))
        {
            missing.Add("Slack:ApiUrl must be an absolute http(s) URL");
        }

        if (options.ResponseUrlBase is { } responseBase && (!responseBase.IsAbsoluteUri || responseBase.Scheme is not ("https" or "http")))
        {
            missing.Add("Slack:ResponseUrlBase must be an absolute http(s) URL");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.MaxRetryTime < TimeSpan.Zero)
        {
            missing.Add("Slack:RetryBaseDelay and Slack:MaxRetryTime must not be negative");
        }

        return missing.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Slack is half-configured: {string.Join("; ", missing)}. Set it, or remove every Slack setting to turn Slack off.");
    }
}
