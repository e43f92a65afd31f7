using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Targets;
using SshBot.Zones.Configuration;
using SshBot.Zones.Messaging;
using SshBot.Zones.Wire;

namespace SshBot.Zones.Agent;

/// <summary>
/// Runs one job on an agent. The target is parsed again and checked against the agent's own
/// policy as a chat request (the allowlist), whatever the job says: a job comes over the network,
/// and the agent does not take a replica's word for what it may probe. <c>engines</c> makes the
/// engine for a job's options: the same <c>StandardPlan</c> a local run uses.
/// </summary>
public sealed partial class JobRunner(INatsConnection nats, INatsJSContext js, NatsSettings settings, Func<DiagnosisOptions, DiagnosisEngine> engines, TimeProvider? time = null, ILogger? logger = null)
{
    /// <summary>The JetStream error code for "wrong last sequence": a result for the job is already stored.</summary>
    public const int WrongLastSequence = 10071;

    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _log = logger ?? NullLogger.Instance;

    public async Task RunAsync(INatsJSMsg<byte[]> msg, AgentOptions agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (Read(msg.Data, agent.Zone) is not ({ } job, { } target))
        {
            LogRejected(_log, msg.Subject);
            await msg.AckTerminateAsync();
            return;
        }

        var delivery = (int)(msg.Metadata?.NumDelivered ?? 1);
        // A child of the replica's diagnosis span when the job carries its traceparent (traced only where a listener exports it).
        using var span = SshBot.Chat.Telemetry.BotTelemetry.Source.StartActivity(
            "zone job", System.Diagnostics.ActivityKind.Consumer, msg.Headers is { } h && h.TryGetValue("traceparent", out var tp) ? tp.ToString() : null);
        var progress = new PublishedProgress(nats, settings.ProgressSubject(agent.Zone, JobKey.For(job.JobId)), job.JobId, agent.Id, delivery);
        using var working = new CancellationTokenSource();
        var keepAlive = KeepAliveAsync(msg, working.Token);
        try
        {
            var diagnosis = await engines(job.Options.ToOptions()).DiagnoseAsync(target, RequestOrigin.Chat, progress, CancellationToken.None);
            var result = new JobResult(job.JobId, agent.Zone, agent.Id, delivery, WireDiagnosis.From(diagnosis), _time.GetUtcNow());
            await progress.FlushAsync();
            await StoreAsync(JobKey.Result(agent.Zone, job.JobId), WireJson.Write(result));
        }
        finally
        {
            await working.CancelAsync();
            await keepAlive;
        }

        await msg.AckAsync(new AckOpts { DoubleAck = true });
        LogDone(_log, job.JobId, target.ToString(), delivery);
    }

    private static (JobRequest, Target)? Read(byte[]? data, string zone)
    {
        try
        {
            var job = WireJson.Read<JobRequest>(data ?? []);
            return job.Zone == zone ? (job, TargetParser.Parse(job.Target.ToTarget().ToString())) : null;
        }
        catch (Exception e) when (e is JsonException or TargetFormatException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Stores the result only if none is there: of two agents that ran the same job, the first one's stands.</summary>
    private async Task StoreAsync(string key, byte[] payload)
    {
        var headers = new NatsHeaders { ["Nats-Expected-Last-Subject-Sequence"] = "0" };
        var wait = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var ack = await js.PublishAsync($"$KV.{settings.ResultsBucket}.{key}", payload, Raw, headers: headers);
                if (ack.Error is { ErrCode: WrongLastSequence })
                {
                    return;
                }

                ack.EnsureSuccess();
                return;
            }
            catch (NatsJSApiException e) when (e.Error.ErrCode == WrongLastSequence)
            {
                return;
            }
            catch (NatsException) when (attempt < 20)
            {
                // NATS is restarting: the job stays unacknowledged, so keep trying for a while.
                await Task.Delay(wait, _time);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    /// <summary>Tells JetStream the job is in hand, three times per ack wait, while the diagnosis runs.</summary>
    private async Task KeepAliveAsync(INatsJSMsg<byte[]> msg, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(settings.AckWait / 3, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await msg.AckProgressAsync(cancellationToken: ct);
                }
                catch (NatsException)
                {
                    // Missed once (NATS restarting); the next tick tries again.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The job is done.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a job on {Subject}: not a job for this zone, or its target does not parse.")]
    private static partial void LogRejected(ILogger logger, string subject);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({Target}) done, delivery {Delivery}.")]
    private static partial void LogDone(ILogger logger, string jobId, string target, int delivery);
}
