using System.Buffers.Binary;

namespace SshBot.Diagnostics.Probes.Negotiate;

/// <summary>
/// The binary packet of RFC 4253 §6 before any key is agreed (no encryption, no MAC):
/// <c>uint32 packet_length, byte padding_length, payload, padding</c>. Every length the peer
/// sends is checked against what actually fits before anything is allocated or read.
/// </summary>
public static class SshPacket
{
    /// <summary>OpenSSH's own limit (PACKET_MAX_SIZE); RFC 4253 requires at least 35000.</summary>
    public const int MaxPacketLength = 256 * 1024;

    private const int BlockSize = 8;
    private const int MinPadding = 4;

    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var padding = BlockSize - ((5 + payload.Length) % BlockSize);
        if (padding < MinPadding)
        {
            padding += BlockSize;
        }

        var packet = new byte[5 + payload.Length + padding];
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)(1 + payload.Length + padding));
        packet[4] = (byte)padding;
        payload.CopyTo(packet.AsSpan(5));
        WireRandom.Fill(packet.AsSpan(5 + payload.Length));
        return packet;
    }

    /// <summary>Reads one packet and returns its payload.</summary>
    /// <exception cref="MalformedPacketException">A length that lies, or a packet cut short by the end of the connection.</exception>
    public static async Task<byte[]> ReadAsync(SshWire wire, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wire);
        var header = new byte[5];
        if (!await wire.WaitForDataAsync(cancellationToken))
        {
            throw new EndOfStreamException("connection closed before any packet");
        }

        try
        {
            await wire.ReadExactlyAsync(header, cancellationToken);
        }
        catch (EndOfStreamException e)
        {
            throw new MalformedPacketException($"truncated packet header: {e.Message}", e);
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        var padding = header[4];
        if (length > MaxPacketLength)
        {
            throw new MalformedPacketException($"packet length {length} exceeds the {MaxPacketLength}-byte limit");
        }

        if (length < 1 + MinPadding + 1)
        {
            throw new MalformedPacketException($"packet length {length} is too short for a message");
        }

        if (padding < MinPadding || padding >= length)
        {
            throw new MalformedPacketException($"padding length {padding} does not fit packet length {length}");
        }

        var body = new byte[length - 1];
        try
        {
            await wire.ReadExactlyAsync(body, cancellationToken);
        }
        catch (EndOfStreamException e)
        {
            throw new MalformedPacketException($"truncated packet of {length} bytes: {e.Message}", e);
        }

        return body[..^padding];
    }
}
