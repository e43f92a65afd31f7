namespace SshBot.Diagnostics.Probes.Negotiate;

/// <summary>The algorithm lists of an SSH_MSG_KEXINIT (RFC 4253 §7.1), in the sender's order of preference.</summary>
public sealed record KexInit(
    IReadOnlyList<string> Kex,
    IReadOnlyList<string> HostKey,
    IReadOnlyList<string> CipherClientToServer,
    IReadOnlyList<string> CipherServerToClient,
    IReadOnlyList<string> MacClientToServer,
    IReadOnlyList<string> MacServerToClient,
    IReadOnlyList<string> CompressionClientToServer,
    IReadOnlyList<string> CompressionServerToClient,
    bool FirstKexPacketFollows = false)
{
    public const byte MessageNumber = 20;
}
