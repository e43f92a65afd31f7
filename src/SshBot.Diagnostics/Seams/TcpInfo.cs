using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SshBot.Diagnostics.Seams;

/// <summary>
/// What the Linux kernel knows about a TCP socket (getsockopt IPPROTO_TCP, TCP_INFO). Its
/// readings do not include the time this process took to be scheduled, so a busy bot does not
/// mistake its own delays for the network's. Elsewhere every reading is null or false.
/// </summary>
public static class TcpInfo
{
    // struct tcp_info (native byte order) has eight one-byte fields, tcpi_state first, then
    // 32-bit fields from tcpi_rto on; tcpi_rtt (microseconds) is the 16th of those.
    private const int IpProtoTcp = 6;
    private const int TcpInfoOption = 11;
    private const int RttOffset = 68;
    private const int Length = 104;
    private const byte SynSent = 2;

    /// <summary>The kernel's round-trip time for the handshake (SYN sent to SYN-ACK), or null when it took no sample (a retransmitted SYN) or cannot tell.</summary>
    public static TimeSpan? Rtt(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Span<byte> info = stackalloc byte[Length];
        var length = Read(socket, info);
        var micros = length >= RttOffset + 4 ? MemoryMarshal.Read<uint>(info[RttOffset..]) : 0;
        return micros > 0 ? TimeSpan.FromMicroseconds(micros) : null;
    }

    /// <summary>Whether a connecting socket's SYN has been answered (its state has left SYN_SENT); false when the kernel cannot tell.</summary>
    public static bool HandshakeAnswered(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Span<byte> info = stackalloc byte[Length];
        return Read(socket, info) > 0 && info[0] != SynSent;
    }

    private static int Read(Socket socket, Span<byte> info)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        try
        {
            return socket.GetRawSocketOption(IpProtoTcp, TcpInfoOption, info);
        }
        catch (SocketException)
        {
            return 0;
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
    }
}
