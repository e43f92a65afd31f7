using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Targets;
using SshBot.Zones.Configuration;
using SshBot.Zones.Messaging;
using SshBot.Zones.Wire;

namespace SshBot.Zones.Running;

/// <summary>What one zone answered: the diagnosis (stamped with where it ran) and the agent, if one ran it.</summary>
public sealed record ZoneOutcome(string Zone, Diagnosis Diagnosis, string? Agent);

/// <summary>
/// Runs one job in one zone: a finished result for the job id is returned as it is; otherwise the
/// job is published (its id as the message id, so the server keeps one copy however many replicas
/// publish it), stage progress is forwarded as agents report it, and the result is awaited in the
/// results bucket (through the process's one <see cref="ResultWatcher"/>), where it stays for any
/// replica that asks for the same id later.
/// </summary>
public sealed class ZoneJobClient(INatsJSContext js, INatsKVStore results, ResultWatcher watcher, ProgressHub hub, AgentDirectory agents, NatsSettings settings, TimeProvider time)
{
    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;

    /// <summary>
    /// How long the look-ups before a job (a stored result, the zone's heartbeats) may take. The
    /// client's key listing can wait for ever in some states of a bucket (nats.net#1046); a look-up
    /// that does not answer in time counts as "nothing stored" and "zone online", and the job's
    /// own wait is bounded by <see cref="NatsSettings.ResultTimeout"/>.
    /// </summary>
    public static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(5);

    public async Task<ZoneOutcome> RunAsync(string zone, Target target, RequestOrigin origin, string jobId, DiagnosisOptions options, IProgress<StageReport>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var key = JobKey.Result(zone, jobId);
        if (await StoredAsync(key, ct) is { } stored)
        {
            return Outcome(stored);
        }

        // A zone whose heartbeats cannot be read right now (NATS busy or restarting) is given the job:
        // it waits in JetStream, and the result wait is bounded.
        var status = await StatusAsync(zone, ct);
        if (!status.Online)
        {
            return new ZoneOutcome(zone, VantageDiagnoses.Offline(target, zone, status), null);
        }

        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct);
        waiting.CancelAfter(settings.ResultTimeout);
        var once = progress is null ? null : new OncePerStage(progress);
        using var listening = once is null ? null : await ListenAsync(settings.ProgressSubject(zone, JobKey.For(jobId)), once, waiting.Token);
        try
        {
            var result = watcher.WaitAsync(key, waiting.Token);
            var request = new JobRequest(jobId, zone, WireTarget.From(target), origin.ToString(), JobOptions.From(options), time.GetUtcNow());
            await PublishAsync(settings.JobSubject(zone), jobId, WireJson.Write(request), waiting.Token);
            var outcome = Outcome(await result);
            // Progress and result travel apart (core NATS, JetStream): stages whose progress had not
            // arrived, or was lost, are reported from the result, so the asker sees every stage.
            foreach (var stage in outcome.Diagnosis.Stages)
            {
                once?.Report(stage);
            }

            return outcome;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ZoneOutcome(zone, VantageDiagnoses.NoResult(target, zone, settings.ResultTimeout), null);
        }
        finally
        {
            await waiting.CancelAsync();
        }
    }

    /// <summary>Progress is best effort: without it (NATS busy) the job still runs and its result still comes.</summary>
    private async Task<IDisposable?> ListenAsync(string subject, IProgress<StageReport> progress, CancellationToken ct)
    {
        try
        {
            return await hub.ListenAsync(subject, progress, ct);
        }
        catch (NatsException)
        {
            return null;
        }
    }

    private async Task<JobResult?> StoredAsync(string key, CancellationToken ct)
    {
        try
        {
            var done = await results.TryGetEntryAsync(key, serializer: Raw, cancellationToken: ct).AsTask().WaitAsync(LookupTimeout, time, ct);
            return done.Success && done.Value.Value is { Length: > 0 } stored ? WireJson.Read<JobResult>(stored) : null;
        }
        catch (Exception e) when (e is NatsException or TimeoutException)
        {
            return null;
        }
    }

    private async Task<ZoneStatus> StatusAsync(string zone, CancellationToken ct)
    {
        try
        {
            return await agents.StatusAsync(zone, ct).WaitAsync(LookupTimeout, time, ct);
        }
        catch (Exception e) when (e is NatsException or TimeoutException)
        {
            return new ZoneStatus(true, null, 0);
        }
    }

    private static ZoneOutcome Outcome(JobResult result) =>
        new(result.Zone, VantageDiagnoses.Stamp(result.Diagnosis.ToDiagnosis(), result.Zone, result.Agent), result.Agent);

    /// <summary>
    /// Publishes until the server acknowledges: across a NATS restart the same message id is sent
    /// again and kept once; the server's "duplicate" answer means the job is already queued (or done).
    /// </summary>
    private async Task PublishAsync(string subject, string jobId, byte[] payload, CancellationToken ct)
    {
        var wait = TimeSpan.FromMilliseconds(100);
        // The diagnosis span's W3C traceparent, so an agent's work joins the request's trace.
        var headers = SshBot.Chat.Telemetry.BotTelemetry.CurrentTraceParent() is { } traceParent ? new NatsHeaders { ["traceparent"] = traceParent } : null;
        while (true)
        {
            try
            {
                var ack = await js.PublishAsync(subject, payload, Raw, new NatsJSPubOpts { MsgId = jobId }, headers, cancellationToken: ct);
                ack.EnsureSuccess();
                return;
            }
            catch (NatsJSDuplicateMessageException)
            {
                // Another replica (or this one, before NATS restarted) published it already: it is queued once.
                return;
            }
            catch (NatsException) when (!ct.IsCancellationRequested)
            {
                await Task.Delay(wait, time, ct);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    /// <summary>Passes each stage name on once, whichever way (progress subject or result) it came first.</summary>
    private sealed class OncePerStage(IProgress<StageReport> inner) : IProgress<StageReport>
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public void Report(StageReport value)
        {
            lock (_seen)
            {
                if (!_seen.Add(value.Name))
                {
                    return;
                }
            }

            inner.Report(value);
        }
    }
}
