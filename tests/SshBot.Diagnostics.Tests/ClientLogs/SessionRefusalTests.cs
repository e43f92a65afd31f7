using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.ClientLogs;

/// <summary>
/// How a session that got past the handshake ended. A server that accepted the credential and
/// then refused the session says why, and closes: the reason decides, not the close. A git host
/// refuses every terminal by design and greets after it. The session loop's own failed write is
/// an idle drop, not a reset at the banner.
/// </summary>
public sealed class SessionRefusalTests
{
    [Theory]
    [InlineData("Your account has expired; please contact your system administrator", "account-expired", "auth")]
    [InlineData("This account is currently not available.", "no-shell", "session")]
    [InlineData("-bash: fork: retry: Resource temporarily unavailable", "server-resources", "session")]
    [InlineData("PTY allocation request failed on channel 0", "pty-refused", "session")]
    [InlineData("subsystem request failed on channel 0", "subsystem-failed", "session")]
    public void TheServersReasonDecidesOverTheCloseThatFollowsIt(string reason, string error, string stage)
    {
        var result = ClientLogParser.Parse($"""
            $ ssh deploy@web-01
            deploy@web-01's password:
            {reason}
            Connection closed by 10.8.0.5 port 22
            """);

        Assert.Equal((error, stage), (result.Observations.GetText("client.error"), result.Observations.GetText("client.stage")));
        Assert.Equal(reason, result.Observations.GetText("client.failure_line"));
    }

    [Fact]
    public void ADenialFollowedByACloseOnTheNextTryIsStillReadAsTheClose()
    {
        // A refused login, then the next attempt cut at the banner (a ban after failures): the
        // denial does not explain the second connection's close.
        var result = ClientLogParser.Parse("""
            deploy@web-01: Permission denied (publickey).
            $ ssh deploy@web-01
            kex_exchange_identification: Connection closed by remote host
            Connection closed by 10.8.0.5 port 22
            """);

        Assert.Equal("closed-by-remote", result.Observations.GetText("client.error"));
    }

    [Theory]
    [InlineData("Welcome to GitLab, @ana!")]
    [InlineData("Hi ana! You've successfully authenticated, but GitHub does not provide shell access.")]
    [InlineData("authenticated via ssh key.")]
    [InlineData("logged in as ana. You can use git to connect to Bitbucket. Shell access is disabled")]
    [InlineData("hello ana, this is git@git.example.internal running gitolite3 v3.6.13 on git 2.43.0")]
    public void APtyRefusedByAGitHostThatGreetsTheUserIsALoginThatWorked(string greeting)
    {
        var result = ClientLogParser.Parse($"""
            $ ssh -T git@git.example.internal
            PTY allocation request failed on channel 0
            {greeting}
            Connection to git.example.internal closed.
            """);

        Assert.True(result.Observations["client.authenticated"].Flag);
        Assert.False(result.Observations.ContainsKey("client.error"));
    }

    [Fact]
    public void AShellRefusedByAGitHostThatSaysItHasNoneIsNotAServerOutOfResources()
    {
        var result = ClientLogParser.Parse("""
            % ssh -T git@ssh.dev.example.internal
            remote: Shell access is not supported.
            shell request failed on channel 0
            """);

        Assert.True(result.Observations["client.authenticated"].Flag);
        Assert.False(result.Observations.ContainsKey("client.error"));
    }

    [Fact]
    public void AShellRequestFailingWithNoGreetingIsStillTheServersResources()
    {
        var result = ClientLogParser.Parse("""
            $ ssh deploy@web-01
            shell request failed on channel 0
            """);

        Assert.Equal("server-resources", result.Observations.GetText("client.error"));
    }

    [Theory]
    [InlineData("paramiko.ssh_exception.BadAuthenticationType: ('Bad authentication type', [u'publickey', u'keyboard-interactive']) (allowed_types=[u'publickey', u'keyboard-interactive'])")]
    [InlineData("Error: Bad authentication type; allowed types: ['publickey', 'keyboard-interactive']")]
    public void ParamikosBadAuthenticationTypeListsWhatTheServerAllows(string text)
    {
        var result = ClientLogParser.Parse(text);

        Assert.Equal("permission-denied", result.Observations.GetText("client.error"));
        Assert.Equal(["publickey", "keyboard-interactive"], result.Observations["client.auth.methods_offered"].Items);
        Assert.Empty(result.Observations["client.auth.methods_tried"].Items);
    }

    [Theory]
    [InlineData("client_loop: send disconnect: Connection reset")]
    [InlineData("client_loop: send disconnect: Broken pipe")]
    public void TheSessionLoopsOwnWriteFailingIsAnIdleDropNotAResetAtTheBanner(string line)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal(("broken-pipe", "session"), (result.Observations.GetText("client.error"), result.Observations.GetText("client.stage")));
        Assert.True(result.Observations["client.idle_drop"].Flag);
    }

    [Theory]
    [InlineData("Connection to 10.8.0.5 port 22 timed out", "kex")]
    [InlineData("debug1: Authentications that can continue: publickey\nConnection to 10.8.0.5 port 22 timed out", "auth")]
    public void OpenSshsPacketTimeoutIsAStallAfterTheBannersNotAConnectTimeout(string paste, string stage)
    {
        var result = ClientLogParser.Parse(paste);

        Assert.Equal(("stalled", stage), (result.Observations.GetText("client.error"), result.Observations.GetText("client.stage")));
        Assert.Equal("10.8.0.5", result.Observations.GetText("client.host"));
    }
}
