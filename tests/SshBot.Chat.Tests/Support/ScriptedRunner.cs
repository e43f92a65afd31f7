using System.Net;
using SshBot.Chat.Running;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Targets;

namespace SshBot.Chat.Tests.Support;

/// <summary>A diagnosis that reports the given stages, waits for <see cref="Release"/> if asked, and observes the given values.</summary>
public sealed class ScriptedRunner(IReadOnlyDictionary<string, ObservationValue> observations, bool holdUntilReleased = false) : IDiagnosisRunner
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _runs;

    public int Runs => Volatile.Read(ref _runs);

    /// <summary>The jobs it was asked to run, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<DiagnosisJob> Jobs { get; } = new();

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static ScriptedRunner Refused(bool hold = false) =>
        new(new Dictionary<string, ObservationValue> { ["tcp.status"] = ObservationValue.Of("refused"), ["dns.status"] = ObservationValue.Of("resolved") }, hold);

    public void Release() => _release.TrySetResult();

    public async Task<Diagnosis> RunAsync(Target target, RequestOrigin origin, DiagnosisJob job, IProgress<StageReport> progress, CancellationToken ct)
    {
        Interlocked.Increment(ref _runs);
        Jobs.Enqueue(job);
        Started.TrySetResult();
        progress.Report(new StageReport("resolve", StageStatus.Ok, 1, "resolved to 10.1.2.3"));
        if (holdUntilReleased)
        {
            await _release.Task.WaitAsync(ct);
        }

        progress.Report(new StageReport("connect", StageStatus.Failed, 2, "refused"));
        return new Diagnosis(target, PolicyDecision.Allow("allowlisted"), [IPAddress.Parse("10.1.2.3").ToString()], observations, [], 3);
    }
}

/// <summary>A diagnosis that breaks.</summary>
public sealed class BrokenRunner : IDiagnosisRunner
{
    public Task<Diagnosis> RunAsync(Target target, RequestOrigin origin, DiagnosisJob job, IProgress<StageReport> progress, CancellationToken ct) =>
        Task.FromException<Diagnosis>(new InvalidOperationException("engine bug"));
}
