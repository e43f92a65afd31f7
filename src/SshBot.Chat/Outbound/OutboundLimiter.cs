using System.Threading.RateLimiting;

namespace SshBot.Chat.Outbound;

/// <summary>A rate a platform publishes: at most <paramref name="Permits"/> calls in any <paramref name="Window"/>.</summary>
public sealed record RateWindow(int Permits, TimeSpan Window);

/// <summary>
/// Keeps outbound calls within a platform's published rate limits, per key (a Slack channel, a
/// Teams conversation), with one sliding-window limiter from System.Threading.RateLimiting per
/// published window. A call goes out only when every window has room, and takes its permits
/// from all of them at that moment, so the permits are counted at the time of the call.
/// </summary>
/// <remarks>
/// A sliding window of W split in n segments frees a permit when its segment leaves the window,
/// up to one segment (W/n) early. Each limiter's window is therefore the published one plus a
/// tenth, in 11 segments: a permit is held at least the published window, so no interval of
/// that length ever holds more calls than its permits. One permit fewer than published (where
/// more than one is allowed) absorbs the jitter between a call leaving and it arriving.
/// </remarks>
public sealed class OutboundLimiter : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private readonly PartitionedRateLimiter<string>[] _windows;
    private readonly int[] _spareAbove;
    private readonly PartitionedRateLimiter<string> _all;
    private readonly Dictionary<string, int> _waiting = new(StringComparer.Ordinal);

    public OutboundLimiter(IReadOnlyList<RateWindow> published)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentOutOfRangeException.ThrowIfZero(published.Count);
        _windows = [.. published.Select(Limiter)];
        _spareAbove = [.. published.Select(w => w.Permits / 2)];
        _all = _windows.Length == 1 ? _windows[0] : PartitionedRateLimiter.CreateChained(_windows);
    }

    /// <summary>Waits for room for one call (a first reply, the final card: these must go out).</summary>
    public async ValueTask WaitAsync(string key, CancellationToken ct)
    {
        if (Take(key, spare: false))
        {
            return;
        }

        lock (_windows)
        {
            _waiting[key] = _waiting.GetValueOrDefault(key) + 1;
        }

        try
        {
            do
            {
                await Task.Delay(Poll, ct);
            }
            while (!Take(key, spare: false));
        }
        finally
        {
            lock (_windows)
            {
                if (--_waiting[key] == 0)
                {
                    _waiting.Remove(key);
                }
            }
        }
    }

    /// <summary>
    /// Takes room for one call only if every window has more than half its permits free and no
    /// call that must go out is waiting (progress updates: skipped otherwise, so they never use
    /// up the room a final card needs).
    /// </summary>
    public bool TryTakeSpare(string key) => Take(key, spare: true);

    private bool Take(string key, bool spare)
    {
        lock (_windows)
        {
            if (spare && _waiting.ContainsKey(key))
            {
                return false;
            }

            for (var i = 0; i < _windows.Length; i++)
            {
                if (_windows[i].GetStatistics(key) is { } free && free.CurrentAvailablePermits < (spare ? _spareAbove[i] + 1 : 1))
                {
                    return false;
                }
            }

            using var lease = _all.AttemptAcquire(key, 1);
            return lease.IsAcquired;
        }
    }

    public void Dispose()
    {
        _all.Dispose();
        if (_windows.Length > 1)
        {
            foreach (var window in _windows)
            {
                window.Dispose();
            }
        }
    }

    private static PartitionedRateLimiter<string> Limiter(RateWindow published) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(
            key,
            _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = published.Permits > 1 ? published.Permits - 1 : published.Permits,
                Window = published.Window + (published.Window / 10),
                SegmentsPerWindow = 11,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
}

/// <summary>The platforms' published rate limits the bot keeps to.</summary>
public static class PlatformLimits
{
    /// <summary>Slack chat.update is a Tier 3 method: about 50 calls a minute per workspace.</summary>
    public static IReadOnlyList<RateWindow> SlackUpdates { get; } = [new(50, TimeSpan.FromMinutes(1))];

    /// <summary>Slack allows about one message a second per channel.</summary>
    public static IReadOnlyList<RateWindow> SlackPostsPerChannel { get; } = [new(1, TimeSpan.FromSeconds(1))];

    /// <summary>The Bot Connector per conversation (Teams): 7 per second, 8 per 2 s, 60 per 30 s, 1,800 per hour.</summary>
    public static IReadOnlyList<RateWindow> TeamsPerConversation { get; } =
    [
        new(7, TimeSpan.FromSeconds(1)),
        new(8, TimeSpan.FromSeconds(2)),
        new(60, TimeSpan.FromSeconds(30)),
        new(1800, TimeSpan.FromHours(1)),
    ];
}
