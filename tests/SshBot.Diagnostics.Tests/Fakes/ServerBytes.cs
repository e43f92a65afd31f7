using SshBot.Diagnostics.Probes.Negotiate;

namespace SshBot.Diagnostics.Tests.Fakes;

/// <summary>What a server puts on the wire, built from parts so tests can break any length.</summary>
public static class ServerBytes
{
    public const string Banner = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n";

    public static KexInit Modern { get; } = new(
        ["curve25519-sha256", "diffie-hellman-group14-sha256", "kex-strict-s-v00@openssh.com"],
        ["ssh-ed25519", "rsa-sha2-512"],
        ["chacha20-poly1305@openssh.com", "aes128-ctr"],
        ["chacha20-poly1305@openssh.com", "aes128-ctr"],
        ["hmac-sha2-256-etm@openssh.com"],
        ["hmac-sha2-256-etm@openssh.com"],
        ["none"],
        ["none"]);

    public static byte[] KexInitPacket(KexInit kexInit) => SshPacket.Frame(KexInitCodec.Write(kexInit));

    /// <summary>A packet header claiming <paramref name="packetLength"/> and <paramref name="padding"/>, followed by <paramref name="body"/> as given.</summary>
    public static byte[] RawPacket(uint packetLength, byte padding, byte[] body)
    {
        var header = new byte[5];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header, packetLength);
        header[4] = padding;
        return [.. header, .. body];
    }
}
