using SshBot.Diagnostics.Probes.Authenticate;

namespace SshBot.Diagnostics.Tests.Probes.Authenticate;

/// <summary>The bot's own `ssh -v` stderr, recorded from OpenSSH 9.2 against the lab's sshd hosts.</summary>
public sealed class BotLoginParserTests
{
    internal static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Probes", "Authenticate", "Fixtures", name));

    [Fact]
    public void AnAcceptedLoginNamesTheMethodTheKnownKeyAndItsFingerprint()
    {
        var login = BotLoginParser.Parse(Fixture("openssh-9.2-bot-accepted.txt"), 0);

        Assert.Equal("accepted", login.Status);
        Assert.Equal("publickey", login.AcceptedMethod);
        Assert.Equal(["publickey"], login.Methods);
        Assert.Equal("known", login.HostKeyStatus);
        Assert.Equal("ssh-ed25519", login.HostKeyType);
        Assert.Equal("SHA256:uif3HXaEx691R1shO553pMTKLaglsgasaqIBmdF8urI", login.Fingerprint);
        Assert.Null(login.FailureLine);
        Assert.True(login.ReachedAuthentication);
    }

    [Fact]
    public void ADeniedLoginQuotesThePermissionDeniedLine()
    {
        var login = BotLoginParser.Parse(Fixture("openssh-9.2-bot-denied.txt"), 255);

        Assert.Equal("denied", login.Status);
        Assert.Equal(["publickey"], login.Methods);
        Assert.Equal("known", login.HostKeyStatus);
        Assert.Equal("root@198.18.3.22: Permission denied (publickey).", login.FailureLine);
        Assert.True(login.ReachedAuthentication);
    }

    [Fact]
    public void AChangedHostKeyStopsBeforeAuthenticationAndIsSaidToHaveChanged()
    {
        var login = BotLoginParser.Parse(Fixture("openssh-9.2-bot-hostkey-changed.txt"), 255);

        Assert.Equal("hostkey-changed", login.Status);
        Assert.Equal("changed", login.HostKeyStatus);
        Assert.Equal("SHA256:xYLz0B2wZquzcfsQQr/bE6xVHWk5h3e4wheWfJmbk20", login.Fingerprint);
        Assert.Equal("WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!", login.FailureLine);
        Assert.False(login.ReachedAuthentication);
        Assert.Empty(login.Methods);
    }

    [Fact]
    public void AnUnknownHostKeyStopsBeforeAuthenticationAndQuotesStrictChecking()
    {
        var login = BotLoginParser.Parse(Fixture("openssh-9.2-bot-hostkey-unknown.txt"), 255);

        Assert.Equal("hostkey-unknown", login.Status);
        Assert.Equal("unknown", login.HostKeyStatus);
        Assert.Equal("No ED25519 host key is known for 198.18.3.10 and you have requested strict checking.", login.FailureLine);
        Assert.False(login.ReachedAuthentication);
    }

    [Fact]
    public void AConnectFailureIsAnErrorWithSshsOwnLine()
    {
        var login = BotLoginParser.Parse(Fixture("openssh-9.2-bot-connection-refused.txt"), 255);

        Assert.Equal("error", login.Status);
        Assert.Null(login.HostKeyStatus);
        Assert.Equal("ssh: connect to host 198.18.3.11 port 22: Connection refused", login.FailureLine);
    }

    [Fact]
    public void ThroughAJumpHostTheLastHopIsTheTarget()
    {
        // The jump hop logs in and prints its own lines first; the target then refuses the bot.
        var accepted = Fixture("openssh-9.2-bot-accepted.txt");
        var denied = Fixture("openssh-9.2-bot-denied.txt");

        var login = BotLoginParser.Parse(accepted + denied, 255);

        Assert.Equal("denied", login.Status);
        Assert.Null(login.AcceptedMethod);
    }

    [Theory]
    [InlineData("openssh-7.4-hostkey-changed.txt", "hostkey-changed", "WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!", false)]
    [InlineData("openssh-8.2-permission-denied-publickey.txt", "denied", "deploy@app-02: Permission denied (publickey).", true)]
    [InlineData("openssh-8.9-too-many-auth-failures.txt", "denied", "Received disconnect from 10.1.2.3 port 22:2: Too many authentication failures", true)]
    [InlineData("openssh-9.6-hostkey-unknown-strict.txt", "hostkey-unknown", "No ED25519 host key is known for web-09 and you have requested strict checking.", false)]
    public void OlderAndNewerOpenSshWordingsReadTheSame(string clientFixture, string status, string failureLine, bool reachedAuthentication)
    {
        // Real ssh -v output of other OpenSSH versions, kept for the client-log parser.
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ClientLogs", "Fixtures", clientFixture));

        var login = BotLoginParser.Parse(text, 255);

        Assert.Equal(status, login.Status);
        Assert.Equal(failureLine, login.FailureLine);
        Assert.Equal(reachedAuthentication, login.ReachedAuthentication);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("\0\0\0garbage\u202e")]
    public void NothingUsefulIsAnErrorNeverAnException(string? stderr)
    {
        var login = BotLoginParser.Parse(stderr, 255);

        Assert.Equal("error", login.Status);
        Assert.NotNull(login.FailureLine);
    }
}
