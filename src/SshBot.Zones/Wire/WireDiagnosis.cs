using System.Net;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Targets;

namespace SshBot.Zones.Wire;

/// <summary>A <see cref="Target"/> on the wire; the address literal as text.</summary>
public sealed record WireTarget(string Host, int Port, string? User, string? Address)
{
    public static WireTarget From(Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new(target.Host, target.Port, target.User, target.Address?.ToString());
    }

    public Target ToTarget() => new(Host, Port, User, Address is null ? null : IPAddress.Parse(Address));
}

/// <summary>A <see cref="StageReport"/> on the wire, with the observations as they stood when it finished.</summary>
public sealed record WireStage(string Name, string Status, long Ms, string Detail, IReadOnlyDictionary<string, ObservationValue> ObservationsSoFar)
{
    public static WireStage From(StageReport stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return new(stage.Name, stage.StatusText, stage.Ms, stage.Detail, stage.ObservationsSoFar);
    }

    public StageReport ToStage() =>
        new(Name, Enum.Parse<StageStatus>(Status, ignoreCase: true), Ms, Detail) { ObservationsSoFar = ObservationsSoFar };
}

/// <summary>
/// A <see cref="Diagnosis"/> on the wire: what an agent sends back, read by any replica into the
/// same record the local engine returns.
/// </summary>
public sealed record WireDiagnosis(
    WireTarget Target,
    bool Allowed,
    string Reason,
    IReadOnlyList<string> Addresses,
    IReadOnlyDictionary<string, ObservationValue> Observations,
    IReadOnlyList<WireStage> Stages,
    long ElapsedMs)
{
    public static WireDiagnosis From(Diagnosis diagnosis)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        return new(
            WireTarget.From(diagnosis.Target),
            diagnosis.Policy.Allowed,
            diagnosis.Policy.Reason,
            diagnosis.Addresses,
            diagnosis.Observations,
            [.. diagnosis.Stages.Select(WireStage.From)],
            diagnosis.ElapsedMs);
    }

    public Diagnosis ToDiagnosis() => new(
        Target.ToTarget(),
        new PolicyDecision(Allowed, Reason),
        Addresses,
        new SortedDictionary<string, ObservationValue>(Observations.ToDictionary(), StringComparer.Ordinal),
        [.. Stages.Select(s => s.ToStage())],
        ElapsedMs);
}
