using SshBot.Diagnostics.Probes.Authenticate;
using SshBot.Diagnostics.Probes.Connect;
using SshBot.Diagnostics.Probes.Identify;
using SshBot.Diagnostics.Probes.Inspect;
using SshBot.Diagnostics.Probes.Negotiate;
using SshBot.Diagnostics.Probes.PathCheck;
using SshBot.Diagnostics.Probes.Resolve;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.SshSessions;
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

    /// <summary>The stages that log in with the bot's identity (through <paramref name="connector"/>; null: no identity).</summary>
    /// <remarks>The inspection runs in the session the login opened (one handshake, one authentication).</remarks>
    public static IReadOnlyList<IDiagnosisStage> LoginStages(IBotLogins? connector, IHostKeyHistory? history = null)
    {
        var handoff = new LoginHandoff();
        return
        [
            new AuthenticateStage(connector, history, handoff: handoff),
            new InspectStage(connector, handoff: handoff),
        ];
    }

    /// <summary>
    /// An engine on the real resolver, sockets and SSH sessions (SSH.NET, in-process);
    /// <paramref name="ssh"/> without an identity (or null) means no login.
    /// </summary>
    /// <exception cref="SshConfigurationException">The bot's key, certificate or host CA cannot be used.</exception>
    public static DiagnosisEngine CreateEngine(TargetPolicy policy, DiagnosisOptions options, TimeProvider? time = null, SshOptions? ssh = null, IHostKeyHistory? history = null)
    {
        var resolver = new SystemDnsResolver();
        var connector = ssh is { HasIdentity: true } ? new BotSshConnector(ssh, policy, resolver, time) : null;
        return new(
            [.. NetworkStages(resolver, new SocketConnector(), policy), .. LoginStages(connector, history), .. PathStages(new PathProber(), time)],
            policy,
            options,
            time);
    }
}
