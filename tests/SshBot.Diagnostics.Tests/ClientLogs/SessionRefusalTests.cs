using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.ClientLogs;

/// <summary>
/// A server that accepted the credential and then refused the session says why, and closes: the
/// reason decides, not the close. A git host refuses every terminal by design and greets after it.
/// </summary>
public sealed class SessionRefusalTests
{
    [Theory]
    [InlineData("Your account has expired; please contact your system administrator", "account-expired", "auth")]
    [InlineData("This account is currently not available.", "no-shell", "session")]
    [InlineData("-bash: fork: retry: Resource temporarily unavailable", "server-resources", "session")]
    [InlineData("PTY allocation request failed on channel 0", "pty-refused", "session")]
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
}
