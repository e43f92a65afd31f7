using System.Net;
using NSubstitute;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Tests.Fakes;

namespace SshBot.Diagnostics.Tests.Probes;

public sealed class ConnectTests
{
    private static Task<Stream> Silent(CancellationToken cancellationToken) =>
        Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith<Stream>(_ => throw new OperationCanceledException(cancellationToken), TaskScheduler.Default);

    private static Task<Stream> Healthy() =>
        Task.FromResult<Stream>(new ScriptedStream().Send(ServerBytes.Banner).Send(ServerBytes.KexInitPacket(ServerBytes.Modern)));

    [Fact]
    public async Task AConnectWhoseSynsWereLostIsFollowedByMoreThatGetThroughAndTheDiagnosisGoesOn()
    {
        var probe = new Probe();
        var calls = 0;
        probe.Connector.ConnectAsync(Arg.Any<IPEndPoint>(), Arg.Any<CancellationToken>())
            .Returns(call => Interlocked.Increment(ref calls) == 1 ? Silent(call.Arg<CancellationToken>()) : Healthy());

        var result = await probe.RunAsync("198.18.0.10");

        var o = result.Observations;
        Assert.Equal("connected", o["tcp.status"].Text);
        Assert.Equal("answered", o["tcp.loss_check"].Text);
        Assert.Equal(4, o["tcp.loss_check.answered"].Number);
        Assert.Equal("received", o["ssh.banner.status"].Text);
        Assert.False(o.ContainsKey("tcp.failed_addresses"));
    }

    [Fact]
    public async Task ADropStaysATimeoutWhenNoneOfTheExtraConnectsIsAnswered()
    {
        var probe = new Probe();
        probe.Connector.ConnectAsync(Arg.Any<IPEndPoint>(), Arg.Any<CancellationToken>()).Returns(call => Silent(call.Arg<CancellationToken>()));

        var result = await probe.RunAsync("198.18.0.10");

        var o = result.Observations;
        Assert.Equal("timeout", o["tcp.status"].Text);
        Assert.Equal("silent", o["tcp.loss_check"].Text);
        Assert.Equal(4, o["tcp.loss_check.attempts"].Number);
        await probe.Connector.Received(5).ConnectAsync(Arg.Any<IPEndPoint>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task AnAddressThatFailedBeforeAnotherConnectedIsKeptWithWhatHappened()
    {
        var probe = new Probe().Resolves("web-01.example.net", "198.18.0.9", "198.18.0.10");
        probe.Connector.ConnectAsync(Arg.Any<IPEndPoint>(), Arg.Any<CancellationToken>())
            .Returns(call => call.Arg<IPEndPoint>().Address.Equals(IPAddress.Parse("198.18.0.9")) ? Silent(call.Arg<CancellationToken>()) : Healthy());

        var result = await probe.RunAsync("web-01.example.net");

        var o = result.Observations;
        Assert.Equal("198.18.0.10", o["tcp.address"].Text);
        var failed = Assert.Single(o["tcp.failed_addresses"].Items);
        Assert.StartsWith("198.18.0.9 timeout ", failed, StringComparison.Ordinal);
        Assert.EndsWith("(0 of 4 more connects answered)", failed, StringComparison.Ordinal);
    }
}
