using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Targets;

namespace SshBot.Chat.Running;

/// <summary>Runs one diagnosis. The real one is the engine (or zone agents over NATS); HTTP tests substitute a scripted one.</summary>
public interface IDiagnosisRunner
{
    Task<Diagnosis> RunAsync(Target target, RequestOrigin origin, DiagnosisJob job, IProgress<StageReport> progress, CancellationToken ct);
}

/// <summary>
/// Which diagnosis this is. <see cref="Id"/> is stable for one request (the incident's diagnosis
/// idempotency key): a runner that hands work to other processes uses it so that a second
/// process asking for the same id gets the same result instead of a second run.
/// </summary>
public sealed record DiagnosisJob(string Id)
{
    /// <summary>The zones (names or aliases) to run in and compare; empty: wherever the target belongs.</summary>
    public IReadOnlyList<string> Zones { get; init; } = [];

    /// <summary>A job with a fresh id, for requests nobody will ask about again.</summary>
    public static DiagnosisJob New() => new($"job-{Guid.NewGuid():N}");
}

/// <summary>The diagnosis engine behind <see cref="IDiagnosisRunner"/>: the single-machine default, no zones.</summary>
public sealed class EngineDiagnosisRunner(DiagnosisEngine engine) : IDiagnosisRunner
{
    public Task<Diagnosis> RunAsync(Target target, RequestOrigin origin, DiagnosisJob job, IProgress<StageReport> progress, CancellationToken ct) =>
        engine.DiagnoseAsync(target, origin, progress, ct);
}
