using SshBot.Diagnostics.Probes.Negotiate;

namespace SshBot.Diagnostics.Tests.Probes;

public sealed class WireRandomTests
{
    [Fact]
    public void EveryFillIsFreshBytesFromTheKernel()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 20; i++)
        {
            var bytes = new byte[16];
            WireRandom.Fill(bytes);
            Assert.True(seen.Add(Convert.ToHexString(bytes)), "a 16-byte cookie repeated");
        }
    }

    [Fact]
    public void TwoKexInitCookiesDiffer()
    {
        var kexInit = new KexInit(["curve25519-sha256"], ["ssh-ed25519"], ["aes128-ctr"], ["aes128-ctr"], ["hmac-sha2-256"], ["hmac-sha2-256"], ["none"], ["none"]);

        var first = KexInitCodec.Write(kexInit);
        var second = KexInitCodec.Write(kexInit);

        // Byte 0 is the message number; the 16-byte cookie follows.
        Assert.NotEqual(first.AsSpan(1, 16).ToArray(), second.AsSpan(1, 16).ToArray());
    }
}
