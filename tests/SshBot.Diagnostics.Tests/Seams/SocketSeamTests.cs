using System.Net;
using System.Net.Sockets;
using SshBot.Diagnostics.Seams;

namespace SshBot.Diagnostics.Tests.Seams;

/// <summary>The real socket seams against a real loopback listener.</summary>
public sealed class SocketSeamTests
{
    [Fact]
    public void TheKernelsPathMtuIsReadWithoutSendingAndOnlyWhenItIsBelowTheProbedSize()
    {
        // Loopback's link MTU is 65536; the route's, an IPv4 packet's most, 65535. Connecting a
        // UDP socket sends nothing.
        Assert.Equal(65535, PathProber.KernelPathMtu(IPAddress.Loopback, 70000));
        Assert.Null(PathProber.KernelPathMtu(IPAddress.Loopback, 1500));
    }

    [Fact]
    public async Task AConnectTheKernelCompletedCountsAsAnsweredEvenWhenTheTimerRanOutFirst()
    {
        // A timeout of zero is a bot so busy that its timer fires before it hears of the answer:
        // the kernel has the SYN-ACK, so the connect is not lost.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        var prober = new PathProber();

        for (var i = 0; i < 10; i++)
        {
            var rtt = await prober.ConnectOnceAsync(endpoint, TimeSpan.Zero, TestContext.Current.CancellationToken);

            Assert.NotNull(rtt);
            Assert.True(rtt < TimeSpan.FromSeconds(1), $"{rtt}");
        }
    }

    [Fact]
    public async Task ARefusedConnectThrowsRatherThanCountingAsLost()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        listener.Stop();

        var e = await Assert.ThrowsAsync<SocketException>(() => new PathProber().ConnectOnceAsync(endpoint, TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken));
        Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
    }

    [Fact]
    public async Task TheConnectorKeepsAConnectionTheKernelCompletedWhenTheCallerGivesUpAtThatMoment()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        using var gaveUp = new CancellationTokenSource();
        await gaveUp.CancelAsync();

        for (var i = 0; i < 10; i++)
        {
            await using var stream = await new SocketConnector().ConnectAsync(endpoint, gaveUp.Token);

            Assert.True(((NetworkStream)stream).Socket.Connected);
        }
    }
}
