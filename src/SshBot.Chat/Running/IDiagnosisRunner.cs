using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Targets;

namespace SshBot.Chat.Running;

/// <summary>Runs one diagnosis. The real one is the engine; HTTP tests substitute a scripted one.</summary>
public interface IDiagnosisRunner
{
    Task<Diagnosis> RunAsync(Target target, RequestOrigin origin, IProgress<StageReport> progress, CancellationToken ct);
}

/// <summary>The diagnosis engine behind <see cref="IDiagnosisRunner"/>.</summary>
public sealed class EngineDiagnosisRunner(DiagnosisEngine engine) : IDiagnosisRunner
{
    public Task<Diagnosis> RunAsync(Target target, RequestOrigin origin, IProgress<StageReport> progress, CancellationToken ct) =>
        engine.DiagnoseAsync(target, origin, progress, ct);
}
