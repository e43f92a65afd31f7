using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.Engine;

/// <summary>
/// Runs a plan of stages for a target: each stage starts once its parents have passed, a
/// stage whose parent did not pass is skipped and says which, each stage has its own timeout
/// and the plan a deadline. Progress is reported as each stage finishes. The engine knows
/// nothing of chat or the knowledge base.
/// </summary>
public sealed class DiagnosisEngine
{
    private readonly IReadOnlyList<IDiagnosisStage> _stages;
    private readonly TargetPolicy _policy;
    private readonly DiagnosisOptions _options;
    private readonly TimeProvider _time;

    public DiagnosisEngine(IEnumerable<IDiagnosisStage> stages, TargetPolicy policy, DiagnosisOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(stages);
        _stages = stages.ToArray();
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? TimeProvider.System;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in _stages)
        {
            var unknown = stage.DependsOn.FirstOrDefault(d => !names.Contains(d));
            if (unknown is not null)
            {
                throw new ArgumentException($"Stage '{stage.Name}' depends on '{unknown}', which is not an earlier stage.", nameof(stages));
            }

            if (!names.Add(stage.Name))
            {
                throw new ArgumentException($"Stage '{stage.Name}' appears twice.", nameof(stages));
            }
        }
    }

    public DiagnosisOptions Options => _options;

    public IReadOnlyList<IDiagnosisStage> Stages => _stages;

    public Task<Diagnosis> DiagnoseAsync(
        Target target,
        RequestOrigin origin,
        IProgress<StageReport>? progress = null,
        CancellationToken cancellationToken = default) =>
        DiagnoseAsync(target, origin, progress, learner: null, cancellationToken);

    /// <summary>
    /// Diagnoses many targets at once, at most <paramref name="concurrency"/> in flight, and
    /// yields each result as it finishes. No thread waits on a socket: every stage is
    /// asynchronous, so the bound is on open connections, not threads. Connect timeouts are
    /// learned across the batch (see <see cref="ConnectTimeoutLearner"/>).
    /// </summary>
    public async IAsyncEnumerable<Diagnosis> DiagnoseManyAsync(
        IReadOnlyList<Target> targets,
        RequestOrigin origin,
        int concurrency,
        TimeSpan minimumConnectTimeout,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        var learner = targets.Count > 1 ? new ConnectTimeoutLearner(_options.ConnectTimeout, minimumConnectTimeout) : null;
        var results = System.Threading.Channels.Channel.CreateUnbounded<Diagnosis>(new() { SingleReader = true });
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    await Parallel.ForEachAsync(
                        targets,
                        new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                        async (target, ct) => await results.Writer.WriteAsync(await DiagnoseAsync(target, origin, null, learner, ct), ct));
                    results.Writer.Complete();
                }
                catch (Exception e)
                {
                    results.Writer.Complete(e);
                }
            },
            CancellationToken.None);

        await foreach (var diagnosis in results.Reader.ReadAllAsync(cancellationToken))
        {
            yield return diagnosis;
        }

        await producer;
    }

    private async Task<Diagnosis> DiagnoseAsync(
        Target target,
        RequestOrigin origin,
        IProgress<StageReport>? progress,
        ConnectTimeoutLearner? learner,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var start = _time.GetTimestamp();
        await using var context = new DiagnosisContext(target, origin, _options, _time) { Learner = learner };
        RecordTarget(context);

        var precheck = _policy.Precheck(target, origin);
        if (!precheck.Allowed)
        {
            // Nothing is probed and nothing about reachability goes back to the asker.
            return new Diagnosis(target, precheck, [], context.Observations.Snapshot(), [], context.ElapsedMs(start));
        }

        using var deadline = new CancellationTokenSource(_options.Deadline, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var reports = new Dictionary<string, StageReport>(StringComparer.Ordinal);
        var running = new Dictionary<Task<StageReport>, IDiagnosisStage>();
        var waiting = _stages.ToList();

        while (waiting.Count > 0 || running.Count > 0)
        {
            foreach (var stage in waiting.ToArray())
            {
                if (!stage.DependsOn.All(reports.ContainsKey) || (stage.RunsAfterEarlierStages && !EarlierFinished(stage)))
                {
                    continue;
                }

                waiting.Remove(stage);
                var blocker = stage.DependsOn.FirstOrDefault(d => reports[d].Status != StageStatus.Ok);
                if (context.Refusal is not null)
                {
                    Finish(new StageReport(stage.Name, StageStatus.Skipped, 0, "target refused by policy"));
                }
                else if (blocker is not null)
                {
                    (stage as IRecordsSkip)?.RecordSkipped(context, blocker);
                    Finish(new StageReport(stage.Name, StageStatus.Skipped, 0, $"skipped: {blocker} did not pass"));
                }
                else
                {
                    running.Add(RunStageAsync(stage, context, linked.Token, deadline.Token), stage);
                }
            }

            if (running.Count == 0)
            {
                continue;
            }

            var done = await Task.WhenAny(running.Keys);
            running.Remove(done);
            Finish(await done);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var policy = context.Refusal ?? PolicyDecision.Allow(precheck.Reason);
        var observations = policy.Allowed ? context.Observations.Snapshot() : TargetOnly(context.Observations.Snapshot());
        var stages = _stages.Select(s => reports[s.Name]).ToArray();
        return new Diagnosis(target, policy, context.Addresses.Select(a => a.ToString()).ToArray(), observations, stages, context.ElapsedMs(start));

        bool EarlierFinished(IDiagnosisStage stage) => _stages.TakeWhile(s => s != stage).All(s => reports.ContainsKey(s.Name));

        void Finish(StageReport report)
        {
            reports[report.Name] = report;
            if (progress is not null)
            {
                var soFar = context.Observations.Snapshot();
                progress.Report(report with { ObservationsSoFar = context.Refusal is null ? soFar : TargetOnly(soFar) });
            }
        }
    }

    private async Task<StageReport> RunStageAsync(IDiagnosisStage stage, DiagnosisContext context, CancellationToken plan, CancellationToken deadline)
    {
        var start = _time.GetTimestamp();
        using var timeout = new CancellationTokenSource(stage.GetTimeout(_options), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(plan, timeout.Token);
        try
        {
            var outcome = await stage.RunAsync(context, linked.Token);
            var status = outcome.Passed ? StageStatus.Ok : outcome.Skipped ? StageStatus.Skipped : StageStatus.Failed;
            return new StageReport(stage.Name, status, context.ElapsedMs(start), outcome.Detail);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested && !IsCallerCancellation(plan, deadline))
        {
            var why = deadline.IsCancellationRequested ? "the diagnosis deadline was reached" : "the stage timed out";
            return new StageReport(stage.Name, StageStatus.Timeout, context.ElapsedMs(start), why);
        }
        catch (OperationCanceledException) when (IsCallerCancellation(plan, deadline))
        {
            return new StageReport(stage.Name, StageStatus.Skipped, context.ElapsedMs(start), "cancelled");
        }
        catch (Exception e)
        {
            return new StageReport(stage.Name, StageStatus.Error, context.ElapsedMs(start), $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static bool IsCallerCancellation(CancellationToken plan, CancellationToken deadline) =>
        plan.IsCancellationRequested && !deadline.IsCancellationRequested;

    private static void RecordTarget(DiagnosisContext context)
    {
        var o = context.Observations;
        o.Set("target.host", context.Target.Host);
        o.Set("target.port", context.Target.Port);
        o.Set("target.kind", context.Target.Kind);
        if (context.Target.User is { } user)
        {
            o.Set("target.user", user);
        }

        foreach (var (key, value) in context.Options.Reported)
        {
            if (!key.StartsWith("report.", StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{key}' is not a report.* observation; only what the requester said may be given up front.");
            }

            o.Set(key, value);
        }
    }

    private static SortedDictionary<string, ObservationValue> TargetOnly(IReadOnlyDictionary<string, ObservationValue> all) =>
        new(all.Where(kv => kv.Key.StartsWith("target.", StringComparison.Ordinal)).ToDictionary(), StringComparer.Ordinal);
}
