namespace SshBot.Diagnostics.Targets;

/// <summary>
/// Where a <see cref="TargetPolicy"/> made with <see cref="TargetPolicy.WithRecorder"/> writes each
/// decision before it takes effect: the audit. A decision it cannot record is turned into a refusal.
/// </summary>
public interface IDecisionRecorder
{
    /// <returns>False, with a one-line reason, when the decision could not be recorded.</returns>
    bool TryRecord(Target target, PolicyDecision decision, out string? why);
}
