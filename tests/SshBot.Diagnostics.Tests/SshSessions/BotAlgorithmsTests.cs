using Renci.SshNet;
using SshBot.Diagnostics.SshSessions;

namespace SshBot.Diagnostics.Tests.SshSessions;

public sealed class BotAlgorithmsTests
{
    private static ConnectionInfo Restricted(bool certificates)
    {
        var connection = new ConnectionInfo("198.18.0.10", 22, "sshbot", new NoneAuthenticationMethod("sshbot"));
        BotAlgorithms.Restrict(connection, certificates);
        return connection;
    }

    [Fact]
    public void NoSha1KeyExchangeSsRsaCbcTripleDesSha1MacOrCompressionIsOffered()
    {
        var offered = Restricted(certificates: true);

        Assert.DoesNotContain(offered.KeyExchangeAlgorithms.Keys, k => k.EndsWith("sha1", StringComparison.Ordinal));
        Assert.DoesNotContain(offered.HostKeyAlgorithms.Keys, k => k is "ssh-rsa" or "ssh-rsa-cert-v01@openssh.com" or "ssh-dss");
        Assert.DoesNotContain(offered.Encryptions.Keys, k => k.EndsWith("-cbc", StringComparison.Ordinal) || k.StartsWith("3des", StringComparison.Ordinal));
        Assert.DoesNotContain(offered.HmacAlgorithms.Keys, k => k.Contains("sha1", StringComparison.Ordinal) || k.Contains("md5", StringComparison.Ordinal));
        Assert.Equal(["none"], offered.CompressionAlgorithms.Keys);
    }

    [Fact]
    public void ModernAlgorithmsStayAndEncryptThenMacComesFirst()
    {
        var offered = Restricted(certificates: false);

        Assert.Contains("curve25519-sha256", offered.KeyExchangeAlgorithms.Keys);
        Assert.Contains("chacha20-poly1305@openssh.com", offered.Encryptions.Keys);
        Assert.Contains("aes256-ctr", offered.Encryptions.Keys);
        Assert.Equal(["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256"], offered.HostKeyAlgorithms.Keys);
        Assert.EndsWith("-etm@openssh.com", offered.HmacAlgorithms.Keys.First(), StringComparison.Ordinal);
    }

    [Fact]
    public void HostCertificatesAreAskedForOnlyWithAHostCa()
    {
        Assert.DoesNotContain(Restricted(certificates: false).HostKeyAlgorithms.Keys, BotAlgorithms.IsCertificate);
        Assert.Contains("ssh-ed25519-cert-v01@openssh.com", Restricted(certificates: true).HostKeyAlgorithms.Keys);
    }
}
