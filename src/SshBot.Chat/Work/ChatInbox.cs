using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SshBot.Chat.Telemetry;
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
/// a restart loses nothing. Requests arriving together are written in one transaction (group
/// commit: one fsync for all of them), so acknowledging stays fast under load. When the queue or
/// the store is saturated the answer is 503, with a log line saying why; a user with too much
/// waiting gets one short refusal a minute instead.
/// </summary>
public sealed partial class ChatInbox : IDisposable
{
    private const int MaxBatch = 256;
    private readonly IWorkInbox _inbox;
    private readonly WorkSignal _signal;
    private readonly IOptions<WorkOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ChatInbox> _logger;
    private readonly Channel<Pending> _pending;
    private readonly Task _writer;

    public ChatInbox(IWorkInbox inbox, WorkSignal signal, IOptions<WorkOptions> options, TimeProvider time, ILogger<ChatInbox> logger)
    {
        (_inbox, _signal, _options, _time, _logger) = (inbox, signal, options, time, logger);
        _pending = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.Value.MaxConcurrentEnqueues) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _writer = Task.Run(WriteAsync);
    }

    private sealed record Pending(NewWork Work, TaskCompletionSource<EnqueueResult> Stored);

    public async Task<Acceptance> AcceptAsync(ChatWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (work.User.IsBot)
        {
            // Bots (this one included) are never answered: nothing to store.
            return Acceptance.Accepted;
        }

        var started = _time.GetTimestamp();
        var outcome = "busy";
        using var scope = _logger.BeginScope(new CorrelationScope("WorkId", work.Key));
        try
        {
            var result = await AcceptOrRefuseAsync(work with { TraceParent = BotTelemetry.CurrentTraceParent() });
            outcome = result.Outcome;
            return result.Answer;
        }
        finally
        {
            var channel = new KeyValuePair<string, object?>("channel", BotMetrics.Channel(work.User.Platform));
            BotMetrics.Requests.Add(1, channel, new("outcome", outcome));
            BotMetrics.AcknowledgementDuration.Record(_time.GetElapsedTime(started).TotalSeconds, channel, new("outcome", outcome));
        }
    }

    private async Task<(Acceptance Answer, string Outcome)> AcceptOrRefuseAsync(ChatWork work)
    {
        var o = _options.Value;
        try
        {
            using var timeout = new CancellationTokenSource(o.EnqueueTimeout, _time);
            var result = await StoreAsync(Stored(work), timeout.Token);
            switch (result?.Status)
            {
                case null:
                    LogBusy(_logger, work.Key, "too many requests are being stored at once");
                    BotMetrics.Refused("busy");
                    return (Acceptance.Busy, "busy");
                case EnqueueStatus.Accepted:
                    LogAccepted(_logger, work.Key, work.User.Platform, work.Kind);
                    _signal.Notify();
                    return (Acceptance.Accepted, "accepted");
                case EnqueueStatus.Duplicate:
                    LogDuplicate(_logger, work.Key);
                    return (Acceptance.Accepted, "duplicate");
                case EnqueueStatus.RequesterFull:
                    LogRequesterFull(_logger, work.Key, work.User.Key, o.MaxPerUser);
                    BotMetrics.Refused("requester-full");
                    if ((await StoreAsync(Stored(OverLimitNotice(work, o.MaxPerUser)), timeout.Token))?.Status == EnqueueStatus.Accepted)
                    {
                        _signal.Notify();
                    }

                    return (Acceptance.Accepted, "requester-full");
                default:
                    LogBusy(_logger, work.Key, $"the queue holds {o.MaxQueued} requests");
                    BotMetrics.Refused("queue-full");
                    return (Acceptance.Busy, "busy");
            }
        }
        catch (OperationCanceledException)
        {
            LogBusy(_logger, work.Key, $"the store did not answer within {o.EnqueueTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
            BotMetrics.Refused("busy");
            return (Acceptance.Busy, "busy");
        }
#pragma warning disable CA1031 // Whatever the store throws, the platform is asked to deliver again and the log says why.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogStoreFailed(_logger, e, work.Key);
            return (Acceptance.Busy, "busy");
        }
    }

    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(5));
    }

    /// <summary>Hands the request to the writer; null when too many are waiting to be written already.</summary>
    private async Task<EnqueueResult?> StoreAsync(NewWork work, CancellationToken ct)
    {
        var pending = new Pending(work, new TaskCompletionSource<EnqueueResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending))
        {
            return null;
        }

        return await pending.Stored.Task.WaitAsync(ct);
    }

    /// <summary>Writes what is waiting, up to <see cref="MaxBatch"/> at a time, each batch in one transaction.</summary>
    private async Task WriteAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                var o = _options.Value;
                var results = await _inbox.EnqueueManyAsync([.. batch.Select(p => p.Work)], new WorkLimits(o.MaxQueued, o.MaxPerUser), CancellationToken.None);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Stored.TrySetResult(results[i]);
                }
            }
#pragma warning disable CA1031 // Every waiting request hears of the failure and answers 503; the writer goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                foreach (var pending in batch)
                {
                    pending.Stored.TrySetException(e);
                }
            }
        }
    }

    private static NewWork Stored(ChatWork work) => new(work.Key, work.User.Platform, work.User.Key, work.Kind, work.Serialize());

    /// <summary>One refusal per user per minute, whatever they send in it.</summary>
    private ChatWork OverLimitNotice(ChatWork work, int max)
    {
        var minute = _time.GetUtcNow().ToUnixTimeSeconds() / 60;
        return new ChatWork(
            ChatWork.Notice,
            work.User,
            work.Thread,
            $"over-limit:{work.User.Team}:{work.User.Id}:{minute.ToString(CultureInfo.InvariantCulture)}",
            $"You have {max} requests waiting already, so I dropped the newest. Ask again once those are answered.",
            ServiceUrl: work.ServiceUrl,
            Teams: work.Teams);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted {Key} from {Platform} ({Kind}); it will be answered in the thread")]
    private static partial void LogAccepted(ILogger logger, string key, string platform, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered {Key} with 503 (the platform will deliver it again): {Reason}")]
    private static partial void LogBusy(ILogger logger, string key, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {Key} was stored before; answered 200 without storing it again")]
    private static partial void LogDuplicate(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Key}: {User} has {Max} requests waiting already; they are told once a minute")]
    private static partial void LogRequesterFull(ILogger logger, string key, string user, int max);

    [LoggerMessage(Level = LogLevel.Error, Message = "Answered {Key} with 503: the store failed")]
    private static partial void LogStoreFailed(ILogger logger, Exception e, string key);
}
