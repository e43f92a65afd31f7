using SshBot.Diagnostics.SshSessions;

namespace SshBot.Diagnostics.Tests.SshSessions;

public sealed class SshOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sshbot-options-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AMissingKeyFileIsOneClearError()
    {
        var options = new SshOptions { IdentityFile = Path.Combine(_dir, "nope"), KnownHostsFile = Path.Combine(_dir, "known_hosts") };

        var e = Assert.Throws<SshConfigurationException>(options.Validate);

        Assert.StartsWith("Ssh:IdentityFile (--identity): the bot's private key '", e.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyPathSshWouldSplitOrExpandIsRefused()
    {
        var key = Path.Combine(_dir, "my key");
        File.WriteAllText(key, "x");

        var e = Assert.Throws<SshConfigurationException>(new SshOptions { IdentityFile = key, KnownHostsFile = Path.Combine(_dir, "kh") }.Validate);
        var percent = Assert.Throws<SshConfigurationException>(new SshOptions { IdentityFile = Key(), KnownHostsFile = Path.Combine(_dir, "%h") }.Validate);

        Assert.Contains("contains ' '", e.Message, StringComparison.Ordinal);
        Assert.Contains("contains '%'", percent.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-oProxyCommand=id")]
    [InlineData("bastion;id")]
    [InlineData("bastion:99999")]
    public void AnInvalidJumpHostIsRefused(string jump)
    {
        var options = new SshOptions { IdentityFile = Key(), KnownHostsFile = Path.Combine(_dir, "kh"), JumpHost = jump };

        var e = Assert.Throws<SshConfigurationException>(options.Validate);

        Assert.StartsWith("Ssh:JumpHost (--jump): ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AReadableKeyAndAbsolutePathsAreAccepted()
    {
        var options = new SshOptions { IdentityFile = Key(), KnownHostsFile = Path.Combine(_dir, "known_hosts"), JumpHost = "hop@bastion:2200", User = "sshbot" };

        options.Validate();

        Assert.True(options.HasIdentity);
    }

    [Fact]
    public void NoIdentityIsValidAndMeansNoLogin()
    {
        var options = new SshOptions();

        options.Validate();

        Assert.False(options.HasIdentity);
    }

    [Fact]
    public void AKeyFileThatIsNotAKeyIsOneClearErrorAtStartUp()
    {
        var key = Path.Combine(_dir, "not_a_key");
        File.WriteAllText(key, "not a key\n");

        var e = Assert.Throws<SshConfigurationException>(new SshOptions { IdentityFile = key, KnownHostsFile = Path.Combine(_dir, "kh") }.Validate);

        Assert.StartsWith($"Ssh:IdentityFile: the bot's private key '{key}' cannot be used:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("root@[fd00:ec2::254]:22")]
    [InlineData("0xA9FEA9FE")]
    public void AJumpHostInTheAlwaysDeniedSetIsRefusedForTheCli(string jump)
    {
        var options = new SshOptions { IdentityFile = Key(), KnownHostsFile = Path.Combine(_dir, "kh"), JumpHost = jump };
        options.Validate();

        var e = Assert.Throws<SshConfigurationException>(() => options.CheckJumpHost(SshBot.Diagnostics.Targets.TargetPolicy.Default, SshBot.Diagnostics.Targets.RequestOrigin.Cli));

        Assert.StartsWith("Ssh:JumpHost (--jump) ", e.Message, StringComparison.Ordinal);
        Assert.Contains("is refused", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A real unencrypted OpenSSH key, made by ssh-keygen.</summary>
    private string Key()
    {
        var key = Path.Combine(_dir, "id_ed25519");
        if (!File.Exists(key))
        {
            using var keygen = System.Diagnostics.Process.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key]);
            keygen.WaitForExit();
        }

        return key;
    }
}
