using System.Threading.RateLimiting;
using SshBot.Chat.Conversation;

namespace SshBot.Chat.Protection;

/// <summary>How many diagnoses one user may ask for: a token bucket per verified platform, team and user.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimit";

    public int PerUser { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>One bucket per <see cref="ChatUser.Key"/>; one user's flood never slows another.</summary>
public sealed class ChatRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<ChatUser> _limiter;

    public ChatRateLimiter(RateLimitOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ = time;
        _limiter = PartitionedRateLimiter.Create<ChatUser, string>(user => RateLimitPartition.GetTokenBucketLimiter(
            user.Key,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.PerUser,
                TokensPerPeriod = options.PerUser,
                ReplenishmentPeriod = options.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Takes one token; when none is left, says how long until one is.</summary>
    public (bool Allowed, TimeSpan RetryAfter) TryAcquire(ChatUser user)
    {
        using var lease = _limiter.AttemptAcquire(user);
        if (lease.IsAcquired)
        {
            return (true, TimeSpan.Zero);
        }

        return (false, lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromSeconds(60));
    }

    public void Dispose() => _limiter.Dispose();
}
