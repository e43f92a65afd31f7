using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace SshBot.Chat.Telemetry;

/// <summary>How a chat platform connection stands, as readiness reports it.</summary>
public enum PlatformHealth
{
    Ok,

    /// <summary>Transient trouble (a 5xx, a timeout): ready, but worth a look.</summary>
    Degraded,

    /// <summary>The bot cannot talk to the platform: credentials refused, or Socket Mode not connected.</summary>
    Failing,
}

/// <summary>One platform's latest state and why, in words.</summary>
public sealed record PlatformState(PlatformHealth Health, string Detail);

/// <summary>
/// What the bot last heard from each chat platform: the status of its latest outbound call (every
/// call goes through <see cref="OutboundObserver"/>) and whether Slack Socket Mode is connected.
/// Read by the readiness check; one per server.
/// </summary>
public sealed class PlatformStatus
{
    /// <summary>The key of Slack Socket Mode's connection (the Web API calls are under "slack").</summary>
    public const string SlackSocket = "slack-socket";

    private readonly ConcurrentDictionary<string, PlatformState> _states = new(StringComparer.Ordinal);

    public PlatformState? Of(string platform) => _states.TryGetValue(platform, out var state) ? state : null;

    public void Answered(string platform, HttpStatusCode status)
    {
        var code = ((int)status).ToString(CultureInfo.InvariantCulture);
        _states[platform] = (int)status switch
        {
            < 400 => new(PlatformHealth.Ok, $"last call answered {code}"),
            401 or 403 => new(PlatformHealth.Failing, $"last call answered {code}: the platform refused the bot's credentials"),
            _ => new(PlatformHealth.Degraded, $"last call answered {code}"),
        };
    }

    public void CallFailed(string platform, string why) => _states[platform] = new(PlatformHealth.Degraded, $"last call failed: {why}");

    public void Connected(string platform) => _states[platform] = new(PlatformHealth.Ok, "connected");

    public void Disconnected(string platform, string why) => _states[platform] = new(PlatformHealth.Failing, $"not connected: {why}");
}
