using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SshBot.Incidents.Work;

namespace SshBot.Chat.Work;

/// <summary>What a channel adapter answers the platform once it offered the inbox a request.</summary>
public enum Acceptance
{
    /// <summary>Stored (now or by an earlier delivery): answer 200, it will be answered in the thread.</summary>
    Accepted,

    /// <summary>Not stored: answer 503 so the platform delivers it again later.</summary>
    Busy,
}

/// <summary>
/// Where verified chat requests enter: each is written to the store (the work inbox) before the
/// platform is told it was received, keyed by its delivery id, so a redelivery is stored once and
/// a restart loses nothing. When the queue or the store is saturated the answer is 503, with a
/// log line saying why; a user with too much waiting gets one short refusal a minute instead.
/// </summary>
public sealed partial class ChatInbox(IWorkInbox inbox, WorkSignal signal, IOptions<WorkOptions> options, TimeProvider time, ILogger<ChatInbox> logger) : IDisposable
{
    private readonly SemaphoreSlim _storing = new(options.Value.MaxConcurrentEnqueues, options.Value.MaxConcurrentEnqueues);

    public async Task<Acceptance> AcceptAsync(ChatWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (work.User.IsBot)
        {
            // Bots (this one included) are never answered: nothing to store.
            return Acceptance.Accepted;
        }

        if (!_storing.Wait(0))
        {
            LogBusy(logger, work.Key, "too many requests are being stored at once");
            return Acceptance.Busy;
        }

        try
        {
            var o = options.Value;
            var limits = new WorkLimits(o.MaxQueued, o.MaxPerUser);
            using var timeout = new CancellationTokenSource(o.EnqueueTimeout, time);
            var result = await inbox.EnqueueAsync(Stored(work), limits, timeout.Token);
            switch (result.Status)
            {
                case EnqueueStatus.Accepted:
                    signal.Notify();
                    return Acceptance.Accepted;
                case EnqueueStatus.Duplicate:
                    LogDuplicate(logger, work.Key);
                    return Acceptance.Accepted;
                case EnqueueStatus.RequesterFull:
                    LogRequesterFull(logger, work.Key, work.User.Key, o.MaxPerUser);
                    var notice = await inbox.EnqueueAsync(Stored(OverLimitNotice(work, o.MaxPerUser)), limits with { MaxPerRequester = int.MaxValue }, timeout.Token);
                    if (notice.Status == EnqueueStatus.Accepted)
                    {
                        signal.Notify();
                    }

                    return Acceptance.Accepted;
                default:
                    LogBusy(logger, work.Key, $"the queue holds {o.MaxQueued} requests");
                    return Acceptance.Busy;
            }
        }
        catch (OperationCanceledException)
        {
            LogBusy(logger, work.Key, $"the store did not answer within {options.Value.EnqueueTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
            return Acceptance.Busy;
        }
#pragma warning disable CA1031 // Whatever the store throws, the platform is asked to deliver again and the log says why.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogStoreFailed(logger, e, work.Key);
            return Acceptance.Busy;
        }
        finally
        {
            _storing.Release();
        }
    }

    public void Dispose() => _storing.Dispose();

    private static NewWork Stored(ChatWork work) => new(work.Key, work.User.Platform, work.User.Key, work.Kind, work.Serialize());

    /// <summary>One refusal per user per minute, whatever they send in it.</summary>
    private ChatWork OverLimitNotice(ChatWork work, int max)
    {
        var minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        return new ChatWork(
            ChatWork.Notice,
            work.User,
            work.Thread,
            $"over-limit:{work.User.Team}:{work.User.Id}:{minute.ToString(CultureInfo.InvariantCulture)}",
            $"You have {max} requests waiting already, so I dropped the newest. Ask again once those are answered.",
            ServiceUrl: work.ServiceUrl);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered {Key} with 503 (the platform will deliver it again): {Reason}")]
    private static partial void LogBusy(ILogger logger, string key, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {Key} was stored before; answered 200 without storing it again")]
    private static partial void LogDuplicate(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Key}: {User} has {Max} requests waiting already; they are told once a minute")]
    private static partial void LogRequesterFull(ILogger logger, string key, string user, int max);

    [LoggerMessage(Level = LogLevel.Error, Message = "Answered {Key} with 503: the store failed")]
    private static partial void LogStoreFailed(ILogger logger, Exception e, string key);
}
