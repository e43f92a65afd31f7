using SshBot.Diagnostics.SshSessions;

namespace SshBot.Diagnostics.Tests.SshSessions;

public sealed class HostCertificateTrustTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sshbot-hostca-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void TheCaFileMayBeAPubFileOrACertAuthorityLine()
    {
        const string Key = "AAAAC3NzaC1lZDI1NTE5AAAAIJdD7y3aLq454yWBdwLWbieU1ebz9/cu7/QEXn9OIeZJ";
        var pub = HostCertificateTrust.Load(Write("ca.pub", $"ssh-ed25519 {Key} host-ca\n"), null);
        var line = HostCertificateTrust.Load(Write("ca.kh", $"# comment\n@cert-authority *.example.internal ssh-ed25519 {Key}\n"), null);

        Assert.Equal(pub.Authorities, line.Authorities);
        Assert.Equal(HostKeyLine.TryParse("ssh-ed25519", Key)!.Fingerprint, Assert.Single(pub.Authorities));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a key\n")]
    public void ACaFileWithoutAKeyIsOneClearError(string text)
    {
        var e = Assert.Throws<SshConfigurationException>(() => HostCertificateTrust.Load(Write("ca.pub", text), null));

        Assert.StartsWith("Ssh:HostCertificateAuthority: ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serial:x\n", 1)]
    [InlineData("# revoked\nserial:44\nid:web-01\nkey:SHA256:abc\nfingerprint\n", 5)]
    public void ARevocationLineItCannotReadIsNamedWithItsNumber(string text, int line)
    {
        var ca = Write("ca.pub", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJdD7y3aLq454yWBdwLWbieU1ebz9/cu7/QEXn9OIeZJ\n");

        var e = Assert.Throws<SshConfigurationException>(() => HostCertificateTrust.Load(ca, Write("revoked", text)));

        Assert.Contains($"line {line} is not 'serial:N', 'id:KEY-ID' or 'key:SHA256:...'", e.Message, StringComparison.Ordinal);
    }
}
