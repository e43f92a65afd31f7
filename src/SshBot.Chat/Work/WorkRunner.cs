using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SshBot.Chat.Telemetry;
using SshBot.Incidents.Work;

namespace SshBot.Chat.Work;

/// <summary>
/// The workers of one serve process: claim stored requests (oldest first, and any whose holder's
/// lease ran out), run them with the lease renewed while they run, and mark them done. On stop:
/// no new claims, running requests get <see cref="WorkOptions.DrainTimeout"/> to finish, the rest
/// are cancelled and put back in the queue for the next start (or another replica).
/// </summary>
public sealed partial class WorkRunner(
    IWorkInbox inbox,
    ChatWorkHandler handler,
    WorkSignal signal,
    IOptions<WorkOptions> options,
    TimeProvider time,
    ILogger<WorkRunner> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<long, Task> _running = new();

    /// <summary>This process's name on the claims it holds.</summary>
    public string Owner { get; } = WorkOwner.New();

    /// <summary>After a request was marked done or failed, with its key.</summary>
    public event Action<string>? Finished;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        await ReleaseDeadOwnersAsync(stoppingToken);
        using var hardStop = new CancellationTokenSource();
        using var slots = new SemaphoreSlim(o.Workers, o.Workers);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stoppingToken);
                var item = await ClaimAsync(stoppingToken);
                if (item is null)
                {
                    slots.Release();
                    await signal.WaitAsync(o.PollInterval, stoppingToken);
                    continue;
                }

                _running[item.Id] = Task.Run(
                    async () =>
                    {
                        try
                        {
                            await RunOneAsync(item, hardStop.Token);
                        }
                        finally
                        {
                            _running.TryRemove(item.Id, out _);
                            slots.Release();
                        }
                    },
                    CancellationToken.None);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        await DrainAsync(hardStop);
    }

    private async Task<ClaimedWork?> ClaimAsync(CancellationToken ct)
    {
        try
        {
            return await inbox.ClaimAsync(Owner, options.Value.Lease, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogClaimFailed(logger, e);
            await Task.Delay(options.Value.PollInterval, time, ct);
            return null;
        }
    }

    private async Task RunOneAsync(ClaimedWork item, CancellationToken hardStop)
    {
        using var mine = CancellationTokenSource.CreateLinkedTokenSource(hardStop);
        using var renewing = new CancellationTokenSource();
        var renewal = RenewAsync(item, mine, renewing.Token);
        var outcome = Outcome.Left;
        string? failure = null;
        // Every line about this request carries its id (and, from its span, the webhook's trace id).
        using var scope = logger.BeginScope(new CorrelationScope("WorkId", item.IdempotencyKey));
        try
        {
            var work = ChatWork.Deserialize(item.Payload);
            using var span = BotTelemetry.StartWork(item.IdempotencyKey, work.Kind, work.User.Platform, item.Attempt, work.TraceParent);
            // Claims a graceful stop gave back are not the request's failures: only crashes and
            // failed runs count against Work:MaxAttempts.
            var counted = item.Attempt - item.Stops;
            if (counted > options.Value.MaxAttempts)
            {
                LogGaveUp(logger, item.IdempotencyKey, counted - 1);
                failure = $"gave up after {counted - 1} attempts";
                await handler.GiveUpAsync(work, counted - 1, mine.Token);
            }
            else
            {
                if (item.Attempt > 1)
                {
                    LogResumed(logger, item.IdempotencyKey, item.Attempt);
                }

                await handler.RunAsync(work, item.Attempt, mine.Token);
            }

            outcome = Outcome.Finished;
        }
        catch (OperationCanceledException) when (mine.IsCancellationRequested)
        {
            // Stopping, or the lease went to another worker: the request stays for whoever holds it next.
            outcome = hardStop.IsCancellationRequested ? Outcome.Stopped : Outcome.Left;
        }
        catch (JsonException e)
        {
            LogUnreadable(logger, e, item.IdempotencyKey);
            failure = "unreadable payload";
            outcome = Outcome.Finished;
        }
#pragma warning disable CA1031 // A request that failed is tried again later (bounded by MaxAttempts), never lost silently.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, e, item.IdempotencyKey, item.Attempt);
            outcome = Outcome.Retry;
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }

        await SettleAsync(item, outcome, failure);
    }

    private enum Outcome
    {
        /// <summary>The lease went elsewhere (or the run ended some other way): whoever holds it next runs it.</summary>
        Left,

        /// <summary>This process is stopping and cut the run short: put back, not counted as a failed attempt.</summary>
        Stopped,
        Finished,
        Retry,
    }

    /// <summary>Marks the request done or failed; one that broke is left claimable again after a back-off.</summary>
    private async Task SettleAsync(ClaimedWork item, Outcome outcome, string? failure)
    {
        try
        {
            if (outcome == Outcome.Finished)
            {
                await inbox.FinishAsync(item.Id, Owner, failure is null, failure, CancellationToken.None);
                Finished?.Invoke(item.IdempotencyKey);
            }
            else if (outcome == Outcome.Stopped)
            {
                await inbox.PutBackAsync(item.Id, Owner, CancellationToken.None);
            }
            else if (outcome == Outcome.Retry)
            {
                var backoff = TimeSpan.FromSeconds(Math.Min(60, 5 * Math.Pow(2, item.Attempt - 1)));
                await inbox.RenewAsync(item.Id, Owner, backoff, CancellationToken.None);
            }
        }
#pragma warning disable CA1031 // The lease runs out by itself if the store cannot be told; the request is then claimed again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogSettleFailed(logger, e, item.IdempotencyKey);
        }
    }

    private async Task RenewAsync(ClaimedWork item, CancellationTokenSource mine, CancellationToken stop)
    {
        var every = options.Value.Lease / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, time, stop);
                bool kept;
                try
                {
                    kept = await inbox.RenewAsync(item.Id, Owner, options.Value.Lease, stop);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRenewFailed(logger, e, item.IdempotencyKey);
                    continue;
                }

                if (!kept)
                {
                    LogLeaseLost(logger, item.IdempotencyKey);
                    await mine.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task DrainAsync(CancellationTokenSource hardStop)
    {
        var running = Task.WhenAll(_running.Values);
        var drain = options.Value.DrainTimeout;
        if (!running.IsCompleted)
        {
            LogDraining(logger, _running.Count, drain.TotalSeconds);
            var first = await Task.WhenAny(running, Task.Delay(drain, time));
            if (first != running)
            {
                LogDrainTimedOut(logger, _running.Count);
                await hardStop.CancelAsync();
                await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(5), time));
            }
        }

        try
        {
            var released = await inbox.ReleaseAsync(Owner, CancellationToken.None);
            if (released > 0)
            {
                LogReleased(logger, released);
            }
        }
#pragma warning disable CA1031 // Leases run out by themselves; the next start or another replica claims them then.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogSettleFailed(logger, e, "(release at stop)");
        }
    }

    private async Task ReleaseDeadOwnersAsync(CancellationToken ct)
    {
        try
        {
            foreach (var owner in await inbox.RunningOwnersAsync(ct))
            {
                if (WorkOwner.IsDeadHere(owner, Owner, WorkOwner.ProcessExists))
                {
                    var released = await inbox.ReleaseAsync(owner, ct);
                    LogReleasedDead(logger, released, owner);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogClaimFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {Key} was left unfinished; running it again (attempt {Attempt})")]
    private static partial void LogResumed(ILogger logger, string key, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Key} was given up after {Attempts} attempts")]
    private static partial void LogGaveUp(ILogger logger, string key, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Key} failed on attempt {Attempt}; it will be tried again")]
    private static partial void LogFailed(ILogger logger, Exception e, string key, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Key} is not readable and was dropped")]
    private static partial void LogUnreadable(ILogger logger, Exception e, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not claim work from the store; trying again")]
    private static partial void LogClaimFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease of {Key}; trying again")]
    private static partial void LogRenewFailed(ILogger logger, Exception e, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease of {Key} went to another worker; stopping here")]
    private static partial void LogLeaseLost(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the end of {Key}; its lease will run out and it will be claimed again")]
    private static partial void LogSettleFailed(ILogger logger, Exception e, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: {Count} request(s) running get {Seconds} s to finish")]
    private static partial void LogDraining(ILogger logger, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping: {Count} request(s) did not finish in time; cancelled and left queued for the next start")]
    private static partial void LogDrainTimedOut(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: {Count} unfinished request(s) put back in the queue")]
    private static partial void LogReleased(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took back {Count} request(s) left running by {Owner}, which is no longer running")]
    private static partial void LogReleasedDead(ILogger logger, int count, string owner);
}
