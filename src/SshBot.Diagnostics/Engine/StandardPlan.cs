using SshBot.Diagnostics.Probes.Connect;
using SshBot.Diagnostics.Probes.Identify;
using SshBot.Diagnostics.Probes.Negotiate;
using SshBot.Diagnostics.Probes.Path;
using SshBot.Diagnostics.Probes.Resolve;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.Engine;

/// <summary>The standard plan: resolve, connect, identify, negotiate, each building on the one before.</summary>
public static class StandardPlan
{
    public static IReadOnlyList<IDiagnosisStage> NetworkStages(IDnsResolver resolver, ISocketConnector connector, TargetPolicy policy) =>
    [
        new ResolveStage(resolver, policy),
        new ConnectStage(connector),
        new IdentifyStage(),
        new NegotiateStage(),
    ];

    /// <summary>Checks of the path to the address connect reached: loss, RTT and jitter, path MTU.</summary>
    public static IReadOnlyList<IDiagnosisStage> PathStages(IPathProber prober, TimeProvider? time = null) =>
    [
        new PathStage(prober, new ConnectBudget(time ?? TimeProvider.System)),
    ];

    /// <summary>An engine on the real resolver and sockets.</summary>
    public static DiagnosisEngine CreateEngine(TargetPolicy policy, DiagnosisOptions options, TimeProvider? time = null) =>
        new([.. NetworkStages(new SystemDnsResolver(), new SocketConnector(), policy), .. PathStages(new PathProber(), time)], policy, options, time);
}
