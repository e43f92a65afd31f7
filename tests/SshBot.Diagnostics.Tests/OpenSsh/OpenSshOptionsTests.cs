using SshBot.Diagnostics.OpenSsh;

namespace SshBot.Diagnostics.Tests.OpenSsh;

public sealed class OpenSshOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sshbot-options-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AMissingKeyFileIsOneClearError()
    {
        var options = new OpenSshOptions { IdentityFile = Path.Combine(_dir, "nope"), KnownHostsFile = Path.Combine(_dir, "known_hosts") };

        var e = Assert.Throws<OpenSshConfigurationException>(options.Validate);

        Assert.StartsWith("Ssh:IdentityFile (--identity): the bot's private key '", e.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyPathSshWouldSplitOrExpandIsRefused()
    {
        var key = Path.Combine(_dir, "my key");
        File.WriteAllText(key, "x");

        var e = Assert.Throws<OpenSshConfigurationException>(new OpenSshOptions { IdentityFile = key, KnownHostsFile = Path.Combine(_dir, "kh") }.Validate);
        var percent = Assert.Throws<OpenSshConfigurationException>(new OpenSshOptions { IdentityFile = Key(), KnownHostsFile = Path.Combine(_dir, "%h") }.Validate);

        Assert.Contains("contains ' '", e.Message, StringComparison.Ordinal);
        Assert.Contains("contains '%'", percent.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-oProxyCommand=id")]
    [InlineData("bastion;id")]
    [InlineData("bastion:99999")]
    public void AnInvalidJumpHostIsRefused(string jump)
    {
        var options = new OpenSshOptions { IdentityFile = Key(), KnownHostsFile = Path.Combine(_dir, "kh"), JumpHost = jump };

        var e = Assert.Throws<OpenSshConfigurationException>(options.Validate);

        Assert.StartsWith("Ssh:JumpHost (--jump): ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AReadableKeyAndAbsolutePathsAreAccepted()
    {
        var options = new OpenSshOptions { IdentityFile = Key(), KnownHostsFile = Path.Combine(_dir, "known_hosts"), JumpHost = "hop@bastion:2200", User = "sshbot" };

        options.Validate();

        Assert.True(options.HasIdentity);
    }

    [Fact]
    public void NoIdentityIsValidAndMeansNoLogin()
    {
        var options = new OpenSshOptions();

        options.Validate();

        Assert.False(options.HasIdentity);
    }

    private string Key()
    {
        var key = Path.Combine(_dir, "id_ed25519");
        File.WriteAllText(key, "not parsed here");
        return key;
    }
}
