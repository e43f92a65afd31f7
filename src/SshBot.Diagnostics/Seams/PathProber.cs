using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace SshBot.Diagnostics.Seams;

/// <summary>
/// The real path probes. Connects are asynchronous sockets closed with an RST (linger 0) the
/// moment they connect, with no data sent: sshd's child for the connection ends at once, so it
/// holds a MaxStartups slot only for as long as it takes to start, and no TIME_WAIT is left
/// here. Echo probes use the runtime's Ping with Don't Fragment: as root or with CAP_NET_RAW
/// it sends on a raw ICMP socket and reports fragmentation-needed as PacketTooBig; otherwise
/// .NET 10 runs the system's ping tool (even where net.ipv4.ping_group_range allows
/// unprivileged ICMP sockets), and where there is none the probe is unavailable and says so.
/// </summary>
public sealed class PathProber : IPathProber
{
    private static readonly SocketConnector Connector = new();

    private const int IPv4Overhead = 20 + 8;
    private const int IPv6Overhead = 40 + 8;

    public async Task<TimeSpan?> ConnectOnceAsync(IPEndPoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (await ConnectWithinAsync(endpoint, timeout, cancellationToken) is not var (stream, rtt))
        {
            return null;
        }

        await stream.DisposeAsync();
        return rtt;
    }

    public async Task<PathConnect> ConnectAndReadGreetingAsync(IPEndPoint endpoint, TimeSpan timeout, TimeSpan greetingWait, CancellationToken cancellationToken)
    {
        if (await ConnectWithinAsync(endpoint, timeout, cancellationToken) is not var (stream, rtt))
        {
            return new PathConnect(null);
        }

        await using (stream)
        {
            using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            reading.CancelAfter(greetingWait);
            var (greeting, line) = await GreetingLine.ReadAsync(stream, reading.Token, cancellationToken);
            return new PathConnect(rtt, greeting, line);
        }
    }

    /// <summary>
    /// One connect, given up at <paramref name="timeout"/> only while the kernel's SYN is still
    /// unanswered (see SocketConnector); null then. The socket resets on close (no TIME_WAIT left
    /// behind by a probe); the RTT is the kernel's smoothed one, else the time the connect took.
    /// </summary>
    private static async Task<(NetworkStream Stream, TimeSpan Rtt)?> ConnectWithinAsync(IPEndPoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        var start = Stopwatch.GetTimestamp();
        Stream stream;
        try
        {
            stream = await Connector.ConnectAsync(endpoint, attempt.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        var network = (NetworkStream)stream;
        try
        {
            network.Socket.LingerState = new LingerOption(true, 0);
            return (network, TcpInfo.Rtt(network.Socket) ?? elapsed);
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    public async Task<DontFragmentReply> EchoAsync(IPAddress address, int packetSize, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var overhead = address.AddressFamily == AddressFamily.InterNetworkV6 ? IPv6Overhead : IPv4Overhead;
        var payload = new byte[Math.Max(0, packetSize - overhead)];
        using var ping = new Ping();
        try
        {
            var reply = await ping.SendPingAsync(address, timeout, payload, new PingOptions { DontFragment = true, Ttl = 64 }, cancellationToken);
            return reply.Status switch
            {
                IPStatus.Success => DontFragmentReply.Replied,
                IPStatus.PacketTooBig => new DontFragmentReply(DontFragmentOutcome.TooBig, KernelPathMtu(address, packetSize), "fragmentation needed"),
                IPStatus.TimedOut or IPStatus.TimeExceeded => DontFragmentReply.NoAnswer,
                _ => new DontFragmentReply(DontFragmentOutcome.Error, Detail: reply.Status.ToString()),
            };
        }
        catch (PingException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.MessageSize })
        {
            // The local stack refuses to send: it already knows the path MTU (from an earlier
            // fragmentation-needed) or the interface is smaller.
            return new DontFragmentReply(DontFragmentOutcome.TooBig, KernelPathMtu(address, packetSize), "the local stack knows a smaller path MTU");
        }
        catch (PingException e) when (e.InnerException is SocketException or Win32Exception or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return new DontFragmentReply(DontFragmentOutcome.Unavailable, Detail: $"echo probes cannot be sent here: {e.InnerException.Message}");
        }
        catch (PlatformNotSupportedException e)
        {
            return new DontFragmentReply(DontFragmentOutcome.Unavailable, Detail: $"DF echo probes need a raw ICMP socket (root or CAP_NET_RAW) or the system's ping tool; here: {e.Message}");
        }
    }

    /// <summary>
    /// The path MTU the kernel now holds for <paramref name="address"/>, when it is below
    /// <paramref name="packetSize"/>: Linux records the MTU a fragmentation-needed (IPv6: packet
    /// too big) answer names before the answer reaches the prober, and the runtime's Ping does not
    /// pass it on. Read with IP_MTU (IPV6_MTU) on a UDP socket connected to the address, which
    /// picks the route and sends nothing. Null elsewhere or when the kernel knows no smaller MTU.
    /// </summary>
    internal static int? KernelPathMtu(IPAddress address, int packetSize)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        const int SolIp = 0, IpMtu = 14, SolIpv6 = 41, Ipv6Mtu = 24;
        var v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        try
        {
            using var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            udp.Connect(new IPEndPoint(address, 9));
            Span<byte> value = stackalloc byte[sizeof(int)];
            var length = udp.GetRawSocketOption(v6 ? SolIpv6 : SolIp, v6 ? Ipv6Mtu : IpMtu, value);
            var mtu = length == sizeof(int) ? BitConverter.ToInt32(value) : 0;
            return mtu > 0 && mtu < packetSize ? mtu : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
