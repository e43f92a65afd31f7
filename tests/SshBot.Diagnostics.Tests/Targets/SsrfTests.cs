using System.Net;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Targets;
using SshBot.Diagnostics.Tests.Fakes;

namespace SshBot.Diagnostics.Tests.Targets;

/// <summary>SECURITY.md items 1-5 and 8, proven with a substituted connector: no socket is ever opened for a refused target.</summary>
public sealed class SsrfTests
{
    private static TargetPolicy Chat() => new(new TargetPolicyOptions { Allow = ["10.0.0.0/8", "corp.example.com"] });

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("2852039166")]
    [InlineData("0xA9FEA9FE")]
    [InlineData("0251.0376.0251.0376")]
    [InlineData("169.254.43518")]
    [InlineData("[::ffff:a9fe:a9fe]")]
    [InlineData("::169.254.169.254")]
    [InlineData("fd00:ec2::254")]
    public async Task CloudMetadataInEveryEncodingIsRefusedWithoutOpeningASocket(string input)
    {
        var probe = new Probe();

        var result = await probe.RunAsync(input);

        Assert.True(result.Refused);
        await probe.Connector.DidNotReceiveWithAnyArgs().ConnectAsync(default!, default);
        await probe.Resolver.DidNotReceiveWithAnyArgs().ResolveAsync(default!, default);
    }

    [Fact]
    public async Task ANameResolvingToAMetadataAddressIsRefusedWithoutOpeningASocket()
    {
        var probe = new Probe { Policy = Chat() }.Resolves("web-01.corp.example.com", "10.1.2.3", "169.254.169.254");

        var result = await probe.RunAsync("web-01.corp.example.com", RequestOrigin.Chat);

        Assert.True(result.Refused);
        await probe.Connector.DidNotReceiveWithAnyArgs().ConnectAsync(default!, default);
    }

    [Fact]
    public async Task TheProbeConnectsOnlyToTheAddressThePolicyValidated()
    {
        var probe = new Probe { Policy = Chat() };
        // A rebinding resolver: an allowed address first, the metadata address on any later lookup.
        probe.Resolver.ResolveAsync("web-01.corp.example.com", Arg.Any<CancellationToken>())
            .Returns(
                Task.FromResult<IReadOnlyList<IPAddress>>([IPAddress.Parse("10.1.2.3")]),
                Task.FromResult<IReadOnlyList<IPAddress>>([IPAddress.Parse("169.254.169.254")]));
        probe.Serves(new ScriptedStream().Send(ServerBytes.Banner).Send(ServerBytes.KexInitPacket(ServerBytes.Modern)));

        var result = await probe.RunAsync("web-01.corp.example.com", RequestOrigin.Chat);

        Assert.False(result.Refused);
        await probe.Resolver.Received(1).ResolveAsync("web-01.corp.example.com", Arg.Any<CancellationToken>());
        await probe.Connector.Received(1).ConnectAsync(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 22), Arg.Any<CancellationToken>());
        await probe.Connector.DidNotReceive().ConnectAsync(Arg.Is<IPEndPoint>(e => !e.Address.Equals(IPAddress.Parse("10.1.2.3"))), Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(DnsFailure.NxDomain, "nxdomain")]
    [InlineData(DnsFailure.ServFail, "servfail")]
    [InlineData(DnsFailure.NoAddress, "no-address")]
    [InlineData(DnsFailure.Error, "error")]
    public async Task ADnsFailureNeverLetsARequestThrough(DnsFailure failure, string status)
    {
        var probe = new Probe { Policy = Chat() };
        probe.Resolver.ResolveAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).ThrowsAsync(new DnsResolutionException(failure, "lookup failed"));

        var result = await probe.RunAsync("web-01.corp.example.com", RequestOrigin.Chat);

        Assert.Equal(status, result.Observations["dns.status"].Text);
        Assert.Equal("skipped", result.Stages.Single(s => s.Name == "connect").StatusText);
        await probe.Connector.DidNotReceiveWithAnyArgs().ConnectAsync(default!, default);
    }

    [Fact]
    public async Task AResolverThatNeverAnswersTimesOutAndNothingIsProbed()
    {
        var probe = new Probe { Policy = Chat() };
        probe.Resolver.ResolveAsync(Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(async call =>
            {
                await Task.Delay(Timeout.Infinite, call.Arg<CancellationToken>());
                return (IReadOnlyList<IPAddress>)[];
            });

        var result = await probe.RunAsync("web-01.corp.example.com", RequestOrigin.Chat);

        Assert.Equal("timeout", result.Observations["dns.status"].Text);
        await probe.Connector.DidNotReceiveWithAnyArgs().ConnectAsync(default!, default);
    }

    [Fact]
    public async Task ARefusedTargetRevealsNothingAboutReachability()
    {
        var probe = new Probe { Policy = Chat() }.Resolves("web-01.elsewhere.example.net", "192.0.2.1");

        var result = await probe.RunAsync("web-01.elsewhere.example.net", RequestOrigin.Chat);

        Assert.True(result.Refused);
        Assert.All(result.Observations.Keys, k => Assert.StartsWith("target.", k, StringComparison.Ordinal));
        Assert.Empty(result.Addresses);
        await probe.Connector.DidNotReceiveWithAnyArgs().ConnectAsync(default!, default);
    }
}
