using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.ClientLogs;

/// <summary>A paste that holds more than one run of ssh: each command line starts a run, and the last run that failed decides.</summary>
public sealed class SeveralRunsTests
{
    [Fact]
    public void TheLastRunDecidesAndTheEarlierFailureIsNoted()
    {
        var result = ClientLogParser.Parse("""
            $ ssh deploy@web-01
            Host key verification failed.
            $ ssh-keygen -R web-01
            # Host web-01 found: line 12
            $ ssh -p 2222 deploy@web-01
            deploy@web-01: Permission denied (publickey).
            """);

        Assert.Equal("permission-denied", result.Observations.GetText("client.error"));
        Assert.Equal(2222, result.Observations["client.port"].Number);
        Assert.Contains(result.Notes, n => n.Contains("Host key verification failed.", StringComparison.Ordinal) && n.Contains("last one that failed decides", StringComparison.Ordinal));
        Assert.DoesNotContain("Host key verification failed.", result.DecidingLines());
    }

    [Fact]
    public void ALaterRunThatShowsNeitherAFailureNorALoginDoesNotHideTheFailure()
    {
        var result = ClientLogParser.Parse("""
            $ ssh -p 2222 deploy@web-01
            ssh: connect to host web-01 port 2222: Connection refused
            $ ssh -G web-01
            user deploy
            hostname web-01
            port 2222
            """);

        Assert.Equal("connection-refused", result.Observations.GetText("client.error"));
        Assert.Equal("web-01", result.Observations.GetText("client.host"));
    }

    [Fact]
    public void AFailureAfterALoginThatWorkedDecides()
    {
        var result = ClientLogParser.Parse("""
            $ ssh -v deploy@web-01 true
            debug1: Authenticated to web-01 ([198.18.0.7]:22) using "publickey".
            $ scp build.tar.gz deploy@web-01:/srv/
            scp: /srv/build.tar.gz: No space left on device
            """);

        Assert.Equal("no-space", result.Observations.GetText("client.error"));
    }

    [Fact]
    public void ALoginThatWorksAfterTheFailureIsTheUsersCheckNotTheAnswer()
    {
        var result = ClientLogParser.Parse("""
            $ git push origin main
            ERROR: Repository not found.
            fatal: Could not read from remote repository.
            $ ssh -T git@github.com
            Hi ops! You've successfully authenticated, but GitHub does not provide shell access.
            """);

        Assert.Equal("fatal: Could not read from remote repository.", result.Observations.GetText("client.failure_line"));
        Assert.False(result.ShowsSuccess);
    }

    [Fact]
    public void OneRunIsReadAsBefore()
    {
        var result = ClientLogParser.Parse("""
            $ ssh -v deploy@web-01
            debug1: Connecting to web-01 [198.18.0.7] port 22.
            ssh: connect to host web-01 port 22: Connection timed out
            """);

        Assert.Equal("connection-timed-out", result.Observations.GetText("client.error"));
        Assert.DoesNotContain(result.Notes, n => n.Contains("runs", StringComparison.Ordinal));
    }
}
