using System.Net;

namespace SshBot.Chat.Outbound;

/// <summary>
/// How a call to a chat platform is retried: which answers are worth another try, how many
/// tries at most, and how long all of them together may take.
/// </summary>
/// <param name="MaxAttempts">Tries in all, the first one included.</param>
/// <param name="BaseDelay">The wait before the second try when the answer names none; doubled for each further try.</param>
/// <param name="MaxDelay">No single wait is longer, whatever Retry-After asks.</param>
/// <param name="MaxTotal">A wait that would end later than this after the first try is not made: the last answer stands.</param>
/// <param name="IsTransient">The status codes that are tried again.</param>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan MaxTotal, Func<HttpStatusCode, bool> IsTransient)
{
    /// <summary>The platform label of the retries metric (slack, teams).</summary>
    public string Platform { get; init; } = "other";

    /// <summary>Slack's Web API: 429 (with Retry-After) and any 5xx.</summary>
    public static RetryPolicy Slack(TimeSpan baseDelay, TimeSpan maxTotal) =>
        new(5, baseDelay, TimeSpan.FromSeconds(60), maxTotal, s => s == HttpStatusCode.TooManyRequests || (int)s >= 500) { Platform = "slack" };

    /// <summary>The Bot Connector: 429, 412, 502 and 504, as Microsoft's guidance for bots asks.</summary>
    public static RetryPolicy BotConnector(TimeSpan baseDelay, TimeSpan maxTotal) =>
        new(5, baseDelay, TimeSpan.FromSeconds(60), maxTotal, s => s is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout) { Platform = "teams" };

    /// <summary>The wait before try number <paramref name="nextAttempt"/> (2 or more).</summary>
    public TimeSpan DelayBefore(int nextAttempt, TimeSpan? retryAfter)
    {
        var wait = retryAfter ?? BaseDelay * Math.Pow(2, nextAttempt - 2);
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxDelay ? MaxDelay : wait;
    }
}
