using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using SshBot.Diagnostics.Engine;
using SshBot.Zones.Configuration;
using SshBot.Zones.Wire;

namespace SshBot.Zones.Agent;

/// <summary>
/// <c>sshbot agent --zone NAME</c>: takes its zone's jobs from the shared pull consumer, no more
/// than it has room for, runs each through the diagnosis engine (the same code as a local run),
/// tells JetStream it is still working while a diagnosis runs, and stores the result before it
/// acknowledges the job. An agent that dies mid-job never acknowledges it, so JetStream gives the
/// job to another agent of the zone after the ack wait; the first result stored for a job wins.
/// </summary>
public sealed partial class ZoneAgent(INatsConnection nats, NatsSettings settings, AgentOptions options, JobRunner runner, TimeProvider? time = null, ILogger? logger = null)
{
    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _log = logger ?? NullLogger.Instance;

    /// <summary>Runs until <paramref name="ct"/> is cancelled, then lets the jobs in hand finish (bounded by their deadline).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var js = new NatsJSContext(nats);
        var heartbeats = new Heartbeats(js, settings, options, _time);
        var beating = heartbeats.RunAsync(ct);
        INatsJSConsumer consumer;
        try
        {
            consumer = await ConsumerAsync(js, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await beating;
            await heartbeats.StoppingAsync();
            return;
        }

        var slots = new SemaphoreSlim(options.Concurrency, options.Concurrency);
        var inHand = new HashSet<Task>();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await slots.WaitAsync(ct);
                var room = 1;
                while (room < options.Concurrency && slots.Wait(0, CancellationToken.None))
                {
                    room++;
                }

                var taken = 0;
                try
                {
                    await foreach (var msg in consumer.FetchAsync(new NatsJSFetchOpts { MaxMsgs = room, Expires = TimeSpan.FromSeconds(5) }, Raw, ct))
                    {
                        taken++;
                        var job = Task.Run(() => RunOneAsync(msg, slots), CancellationToken.None);
                        lock (inHand)
                        {
                            inHand.Add(job);
                        }

                        _ = job.ContinueWith(t => { lock (inHand) { inHand.Remove(t); } }, TaskScheduler.Default);
                    }
                }
                catch (NatsException e) when (!ct.IsCancellationRequested)
                {
                    LogFetchFailed(_log, e.Message);
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, ct);
                }
                finally
                {
                    if (room > taken)
                    {
                        slots.Release(room - taken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: no more jobs are taken.
        }

        Task[] remaining;
        lock (inHand)
        {
            remaining = [.. inHand];
        }

        await Task.WhenAll(remaining);
        await beating;
        await heartbeats.StoppingAsync();
    }

    /// <summary>The zone's consumer; waits for a replica to create it when the agent starts first.</summary>
    private async Task<INatsJSConsumer> ConsumerAsync(NatsJSContext js, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await js.GetConsumerAsync(settings.JobsStream, NatsSettings.ConsumerName(options.Zone), ct);
            }
            catch (NatsException e) when (!ct.IsCancellationRequested)
            {
                if (attempt % 30 == 0)
                {
                    LogNoConsumer(_log, settings.JobsStream, NatsSettings.ConsumerName(options.Zone), e.Message);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), _time, ct);
            }
        }
    }

    private async Task RunOneAsync(INatsJSMsg<byte[]> msg, SemaphoreSlim slots)
    {
        try
        {
            await runner.RunAsync(msg, options);
        }
#pragma warning disable CA1031 // One bad job must not stop the agent; it is logged and redelivered (or dropped after MaxDeliver).
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogJobFailed(_log, e);
        }
        finally
        {
            slots.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching jobs failed ({Reason}); trying again.")]
    private static partial void LogFetchFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No consumer {Consumer} on stream {Stream} yet ({Reason}); a replica creates it at start.")]
    private static partial void LogNoConsumer(ILogger logger, string stream, string consumer, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A job failed; it will be delivered again.")]
    private static partial void LogJobFailed(ILogger logger, Exception e);
}
