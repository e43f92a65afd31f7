using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SshBot.Incidents;
using SshBot.Incidents.Work;

namespace SshBot.Chat.Hosting;

/// <summary>How often serve prunes old incidents (section <c>Housekeeping</c>).</summary>
public sealed class HousekeepingOptions
{
    public const string SectionName = "Housekeeping";

    /// <summary>Between two prunes; zero turns pruning off. The first prune runs at start.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Finished chat requests are kept this long (a redelivery within it is still recognised as one).</summary>
    public TimeSpan WorkRetention { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// Serve's scheduled upkeep: at start and then every <see cref="HousekeepingOptions.PruneInterval"/>,
/// resolved incidents older than <c>Storage:Retention</c> are deleted with everything recorded
/// about them (open incidents are never pruned). A retention of zero or less keeps everything.
/// Finished chat work older than <see cref="HousekeepingOptions.WorkRetention"/> goes too.
/// </summary>
public sealed partial class Housekeeping(IIncidentStore store, TimeSpan retention, HousekeepingOptions options, TimeProvider time, ILogger<Housekeeping> logger) : BackgroundService
{
    /// <summary>After each prune, with the number of incidents deleted (-1 when it failed).</summary>
    public event Action<int>? Pruned;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.PruneInterval <= TimeSpan.Zero || retention <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.PruneInterval, time);
        try
        {
            do
            {
                await PruneAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PruneAsync(CancellationToken ct)
    {
        int pruned;
        try
        {
            pruned = await store.PruneAsync(retention, ct);
            LogPruned(logger, pruned, retention);
            if (store is IWorkInbox work && options.WorkRetention > TimeSpan.Zero)
            {
                await work.PruneWorkAsync(options.WorkRetention, ct);
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            LogFailed(logger, e);
            pruned = -1;
        }

        Pruned?.Invoke(pruned);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} resolved incident(s) older than {Retention}")]
    private static partial void LogPruned(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning old incidents failed; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
