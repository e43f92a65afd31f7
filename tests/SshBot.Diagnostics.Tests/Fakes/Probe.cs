using System.Net;
using NSubstitute;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.Tests.Fakes;

/// <summary>An engine on substituted seams: a resolver and a connector the test scripts.</summary>
public sealed class Probe
{
    public IDnsResolver Resolver { get; } = Substitute.For<IDnsResolver>();

    public ISocketConnector Connector { get; } = Substitute.For<ISocketConnector>();

    public TargetPolicy Policy { get; set; } = TargetPolicy.Default;

    public DiagnosisOptions Options { get; set; } = new DiagnosisOptions().WithNetworkTimeout(TimeSpan.FromMilliseconds(500));

    public Probe Serves(ScriptedStream stream)
    {
        Connector.ConnectAsync(Arg.Any<IPEndPoint>(), Arg.Any<CancellationToken>()).Returns(Task.FromResult<Stream>(stream));
        return this;
    }

    public Probe Resolves(string host, params string[] addresses)
    {
        Resolver.ResolveAsync(host, Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<IReadOnlyList<IPAddress>>(addresses.Select(IPAddress.Parse).ToArray()));
        return this;
    }

    /// <summary>When set, the plan goes on to the bot's login through these (substituted) sessions.</summary>
    public SshBot.Diagnostics.SshSessions.IBotLogins? Logins { get; set; }

    public SshBot.Diagnostics.Probes.Authenticate.IHostKeyHistory? History { get; set; }

    /// <summary>Every connect gets a fresh healthy server: a banner and a modern KEXINIT.</summary>
    public Probe ServesHealthySshd()
    {
        Connector.ConnectAsync(Arg.Any<IPEndPoint>(), Arg.Any<CancellationToken>())
            .Returns(_ => Task.FromResult<Stream>(new ScriptedStream().Send(ServerBytes.Banner).Send(ServerBytes.KexInitPacket(ServerBytes.Modern))));
        return this;
    }

    public DiagnosisEngine Engine() => Logins is null
        ? new(StandardPlan.NetworkStages(Resolver, Connector, Policy), Policy, Options)
        : new([.. StandardPlan.NetworkStages(Resolver, Connector, Policy), .. StandardPlan.LoginStages(Logins, History)], Policy, Options);

    public Task<Diagnosis> RunAsync(string target, RequestOrigin origin = RequestOrigin.Cli) =>
        Engine().DiagnoseAsync(TargetParser.Parse(target), origin, null, TestContext.Current.CancellationToken);
}
