using System.Buffers.Binary;
using System.Text;

namespace SshBot.Diagnostics.Probes.Negotiate;

/// <summary>Writes and parses SSH_MSG_KEXINIT payloads. Parsing checks every length against the bytes left.</summary>
public static class KexInitCodec
{
    private const int CookieLength = 16;
    private const int NameListCount = 10;

    public static byte[] Write(KexInit kexInit)
    {
        ArgumentNullException.ThrowIfNull(kexInit);
        using var buffer = new MemoryStream();
        buffer.WriteByte(KexInit.MessageNumber);
        Span<byte> cookie = stackalloc byte[CookieLength];
        WireRandom.Fill(cookie);
        buffer.Write(cookie);
        IReadOnlyList<string>[] lists =
        [
            kexInit.Kex, kexInit.HostKey, kexInit.CipherClientToServer, kexInit.CipherServerToClient,
            kexInit.MacClientToServer, kexInit.MacServerToClient, kexInit.CompressionClientToServer,
            kexInit.CompressionServerToClient, [], [],
        ];
        Span<byte> length = stackalloc byte[4];
        foreach (var list in lists)
        {
            var bytes = Encoding.ASCII.GetBytes(string.Join(',', list));
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }

        buffer.WriteByte(kexInit.FirstKexPacketFollows ? (byte)1 : (byte)0);
        buffer.Write([0, 0, 0, 0]);
        return buffer.ToArray();
    }

    /// <exception cref="MalformedPacketException">The payload is not a well-formed KEXINIT.</exception>
    public static KexInit Parse(ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 0 || payload[0] != KexInit.MessageNumber)
        {
            throw new MalformedPacketException($"expected KEXINIT (message 20), got message {(payload.Length == 0 ? "none" : payload[0].ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        }

        var offset = 1 + CookieLength;
        if (payload.Length < offset)
        {
            throw new MalformedPacketException("KEXINIT shorter than its cookie");
        }

        var lists = new string[NameListCount][];
        for (var i = 0; i < NameListCount; i++)
        {
            if (payload.Length - offset < 4)
            {
                throw new MalformedPacketException($"KEXINIT ends before name-list {i + 1} of {NameListCount}");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(payload[offset..]);
            offset += 4;
            if (length > (uint)(payload.Length - offset))
            {
                throw new MalformedPacketException($"name-list {i + 1} claims {length} bytes but only {payload.Length - offset} remain");
            }

            var text = payload.Slice(offset, (int)length);
            offset += (int)length;
            foreach (var b in text)
            {
                if (b is < 0x21 or > 0x7E)
                {
                    throw new MalformedPacketException($"name-list {i + 1} contains byte 0x{b:X2}, which no algorithm name may hold");
                }
            }

            lists[i] = text.Length == 0 ? [] : Encoding.ASCII.GetString(text).Split(',');
            if (lists[i].Any(n => n.Length == 0))
            {
                throw new MalformedPacketException($"name-list {i + 1} has an empty name");
            }
        }

        if (payload.Length - offset < 5)
        {
            throw new MalformedPacketException("KEXINIT ends before its first_kex_packet_follows flag");
        }

        return new KexInit(lists[0], lists[1], lists[2], lists[3], lists[4], lists[5], lists[6], lists[7], payload[offset] != 0);
    }
}
