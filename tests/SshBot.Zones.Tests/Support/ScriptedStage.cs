using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Targets;

namespace SshBot.Zones.Tests.Support;

/// <summary>
/// The one stage of a scripted engine: records <see cref="Runs"/>, signals <see cref="Started"/>,
/// waits for <see cref="Release"/> when asked to hold, then writes the observations a script
/// gives for the target. Agents in these tests run the real engine with this stage in place of
/// the network probes, so no traffic leaves the machine.
/// </summary>
public sealed class ScriptedStage(Func<Target, IReadOnlyDictionary<string, ObservationValue>> script, bool hold = false) : IDiagnosisStage
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _runs;

    public string Name => "connect";

    public IReadOnlyList<string> DependsOn => [];

    public int Runs => Volatile.Read(ref _runs);

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    public TimeSpan GetTimeout(DiagnosisOptions options) => TimeSpan.FromMinutes(5);

    public async Task<StageOutcome> RunAsync(DiagnosisContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runs);
        Started.TrySetResult();
        if (hold)
        {
            await _release.Task.WaitAsync(cancellationToken);
        }

        foreach (var (key, value) in script(context.Target))
        {
            context.Observations.Set(key, value);
        }

        return StageOutcome.Ok("scripted");
    }

    /// <summary>An engine of this one stage that allows what a chat policy for 198.18.0.0/15 allows.</summary>
    public DiagnosisEngine Engine(DiagnosisOptions options) =>
        new([this], new TargetPolicy(new TargetPolicyOptions { Allow = ["198.18.0.0/15", "sshbot.test"] }), options with { Deadline = TimeSpan.FromMinutes(5) });

    public static IReadOnlyDictionary<string, ObservationValue> Connected(Target _) =>
        new Dictionary<string, ObservationValue> { ["tcp.status"] = ObservationValue.Of("connected") };
}
