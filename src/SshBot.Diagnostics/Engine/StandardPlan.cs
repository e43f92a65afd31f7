using SshBot.Diagnostics.OpenSsh;
using SshBot.Diagnostics.Probes.Authenticate;
using SshBot.Diagnostics.Probes.Connect;
using SshBot.Diagnostics.Probes.Identify;
using SshBot.Diagnostics.Probes.Inspect;
using SshBot.Diagnostics.Probes.Negotiate;
using SshBot.Diagnostics.Probes.PathCheck;
using SshBot.Diagnostics.Probes.Resolve;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.Engine;

/// <summary>
/// The standard plan: resolve, connect, identify, negotiate, then the bot's own login
/// (authenticate) and the on-host inspection over that login (inspect), each building on the
/// one before, and the path checks once connect reached an address. Without an identity the
/// login stages report themselves unavailable and the network stages work as ever.
/// </summary>
public static class StandardPlan
{
    public static IReadOnlyList<IDiagnosisStage> NetworkStages(IDnsResolver resolver, ISocketConnector connector, TargetPolicy policy) =>
    [
        new ResolveStage(resolver, policy),
        new ConnectStage(connector),
        new IdentifyStage(connector),
        new NegotiateStage(),
    ];

    /// <summary>Checks of the path to the address connect reached: loss, RTT and jitter, path MTU.</summary>
    public static IReadOnlyList<IDiagnosisStage> PathStages(IPathProber prober, TimeProvider? time = null) =>
    [
        new PathStage(prober, new ConnectBudget(time ?? TimeProvider.System)),
    ];

    /// <summary>The stages that log in with the bot's identity (through <paramref name="runner"/>; null: no identity).</summary>
    public static IReadOnlyList<IDiagnosisStage> LoginStages(OpenSshRunner? runner, IHostKeyHistory? history = null) =>
    [
        new AuthenticateStage(runner, history),
        new InspectStage(runner),
    ];

    /// <summary>An engine on the real resolver, sockets and ssh; <paramref name="ssh"/> without an identity (or null) means no login.</summary>
    public static DiagnosisEngine CreateEngine(TargetPolicy policy, DiagnosisOptions options, TimeProvider? time = null, OpenSshOptions? ssh = null, IHostKeyHistory? history = null)
    {
        var runner = ssh is { HasIdentity: true } ? new OpenSshRunner(ssh) : null;
        return new(
            [.. NetworkStages(new SystemDnsResolver(), new SocketConnector(), policy), .. LoginStages(runner, history), .. PathStages(new PathProber(), time)],
            policy,
            options,
            time);
    }
}
