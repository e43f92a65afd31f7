using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.Engine;

/// <summary>The result of one diagnosis: what every stage did and what it observed.</summary>
public sealed record Diagnosis(
    Target Target,
    PolicyDecision Policy,
    IReadOnlyList<string> Addresses,
    IReadOnlyDictionary<string, ObservationValue> Observations,
    IReadOnlyList<StageReport> Stages,
    long ElapsedMs)
{
    /// <summary>The policy refused the target: nothing was probed, and nothing about reachability is known.</summary>
    public bool Refused => !Policy.Allowed;
}
