using System.Threading.RateLimiting;

namespace SshBot.Chat.Outbound;

/// <summary>A rate a platform allows: at most <paramref name="Permits"/> calls in any <paramref name="Window"/>.</summary>
public sealed record RateWindow(int Permits, TimeSpan Window);

/// <summary>
/// Keeps outbound calls within a platform's published rate limits, per key (a Slack method, a
/// channel, a Teams conversation), with sliding-window limiters from System.Threading.RateLimiting
/// chained longest window first, so the short windows' permit is the last one taken, right before
/// the call. The windows passed in are the platform's limits less a margin: a sliding window counts
/// whole segments, so it can be a segment early in letting a permit go.
/// </summary>
public sealed class OutboundLimiter : IDisposable
{
    private const int MaxWaiting = 100_000;
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly PartitionedRateLimiter<string>[] _links;

    public OutboundLimiter(IReadOnlyList<RateWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        _links = [.. windows.OrderByDescending(w => w.Window).Select(Link)];
        _limiter = _links.Length == 1 ? _links[0] : PartitionedRateLimiter.CreateChained(_links);
    }

    /// <summary>Waits for room for one call (the final card, a first reply: these must go out).</summary>
    public async ValueTask WaitAsync(string key, CancellationToken ct)
    {
        using var lease = await _limiter.AcquireAsync(key, 1, ct);
        if (!lease.IsAcquired)
        {
            throw new InvalidOperationException($"More than {MaxWaiting} calls are waiting for '{key}'.");
        }
    }

    /// <summary>Takes room for one call only if there is some now (progress updates: skipped otherwise).</summary>
    public bool TryTake(string key)
    {
        if (_links.Any(l => l.GetStatistics(key) is { CurrentAvailablePermits: < 1 }))
        {
            return false;
        }

        using var lease = _limiter.AttemptAcquire(key, 1);
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        _limiter.Dispose();
        if (_links.Length > 1)
        {
            foreach (var link in _links)
            {
                link.Dispose();
            }
        }
    }

    private static PartitionedRateLimiter<string> Link(RateWindow window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(
            key,
            _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = window.Permits,
                Window = window.Window,
                SegmentsPerWindow = 10,
                QueueLimit = MaxWaiting,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));
}

/// <summary>The limits the bot keeps to, with the platforms' published figures they stay under.</summary>
public static class PlatformLimits
{
    /// <summary>Slack chat.update is a Tier 3 method: about 50 calls a minute per workspace.</summary>
    public static IReadOnlyList<RateWindow> SlackUpdates { get; } = [new(45, TimeSpan.FromMinutes(1))];

    /// <summary>Slack allows about one message a second per channel, with short bursts.</summary>
    public static IReadOnlyList<RateWindow> SlackPostsPerChannel { get; } = [new(3, TimeSpan.FromSeconds(3))];

    /// <summary>
    /// The Bot Connector's limits per conversation (Teams: 7 per second, 8 per 2 s, 60 per 30 s,
    /// 1,800 per hour), each kept a little under.
    /// </summary>
    public static IReadOnlyList<RateWindow> TeamsPerConversation { get; } =
    [
        new(6, TimeSpan.FromSeconds(1)),
        new(7, TimeSpan.FromSeconds(2)),
        new(54, TimeSpan.FromSeconds(30)),
        new(1700, TimeSpan.FromHours(1)),
    ];
}
