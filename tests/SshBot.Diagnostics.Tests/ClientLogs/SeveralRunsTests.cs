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

    [Fact]
    public void AnAnsibleRunOverSeveralHostsIsAnsweredForTheLastThatFailedWithItsOwnHost()
    {
        var result = ClientLogParser.Parse("""
            TASK [Gathering Facts] *********************************************************
            fatal: [web-01]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via ssh: ssh: connect to host 198.18.0.5 port 22: Connection refused", "unreachable": true}
            ok: [web-02]
            fatal: [web-03]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via ssh: deploy@198.18.0.7: Permission denied (publickey,password).", "unreachable": true}

            PLAY RECAP *********************************************************************
            web-01                     : ok=0    changed=0    unreachable=1    failed=0
            """);

        Assert.Equal("permission-denied", result.Observations.GetText("client.error"));
        // The host and port come from web-03's own lines, never web-01's refusal.
        Assert.Equal("web-03", result.Observations.GetText("client.host"));
        Assert.False(result.Observations.ContainsKey("client.port"));
        Assert.Equal("deploy", result.Observations.GetText("client.user"));
        var note = Assert.Single(result.Notes, n => n.Contains("3 hosts", StringComparison.Ordinal));
        Assert.Contains("web-03's", note, StringComparison.Ordinal);
        Assert.Contains("(earlier: web-01: connection-refused)", note, StringComparison.Ordinal);
    }

    [Fact]
    public void PdshOutputIsCutWhereItTurnsToAnotherHost()
    {
        var result = ClientLogParser.Parse("""
            $ pdsh -w web-[01-03] uptime
            web-02:  10:41:22 up 12 days,  3:01,  0 users,  load average: 0.00, 0.01, 0.05
            web-01: ssh: connect to host web-01 port 22: Connection timed out
            pdsh@admin: web-01: ssh exited with exit code 255
            web-03: Host key verification failed.
            pdsh@admin: web-03: ssh exited with exit code 255
            """);

        Assert.Equal("hostkey-failed", result.Observations.GetText("client.error"));
        Assert.Equal("web-03", result.Observations.GetText("client.host"));
        Assert.Contains(result.Notes, n => n.Contains("3 hosts (web-02, web-01, web-03)", StringComparison.Ordinal)
            && n.Contains("(earlier: web-01: connection-timed-out)", StringComparison.Ordinal));
    }

    [Fact]
    public void OneHostsOwnPrefixedLinesStayOneRun()
    {
        var result = ClientLogParser.Parse("""
            web-01: debug1: Connecting to web-01 [198.18.0.5] port 22.
            web-01: debug1: Connection established.
            web-01: ssh_exchange_identification: read: Connection reset by peer
            """);

        Assert.Equal("connection-reset", result.Observations.GetText("client.error"));
        Assert.DoesNotContain(result.Notes, n => n.Contains("hosts", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSshFamilysProgramsBeforeAColonAreNoHosts()
    {
        var result = ClientLogParser.Parse("""
            web-01: ssh: connect to host web-01 port 22: Connection refused
            ssh-keygen: generating new host keys: ED25519
            git-upload-pack: not found
            """);

        Assert.DoesNotContain(result.Notes, n => n.Contains("hosts", StringComparison.Ordinal));
        Assert.Equal("web-01", result.Observations.GetText("client.host"));
    }

    [Theory]
    [InlineData("sudo ssh -i ~/.ssh/vm_key ubuntu@192.168.64.11")]
    [InlineData("$ sudo -u ops ssh ubuntu@192.168.64.11")]
    [InlineData("doas ssh ubuntu@192.168.64.11")]
    public void TheSameCommandWorkingUnderSudoIsRecorded(string again)
    {
        var result = ClientLogParser.Parse($"""
            ssh -i ~/.ssh/vm_key ubuntu@192.168.64.11
            ssh: connect to host 192.168.64.11 port 22: No route to host

            {again}
            Welcome to Ubuntu 22.04.5 LTS (GNU/Linux 5.15.0-124-generic aarch64)
            """);

        Assert.Equal("no-route", result.Observations.GetText("client.error"));
        Assert.True(result.Observations["client.works_with_sudo"].Flag);
        Assert.Equal([again.Trim()], result.LinesFor("client.works_with_sudo"));
    }

    [Theory]
    // Another host under sudo, or a sudo run that failed too, says nothing of this one.
    [InlineData("sudo ssh ubuntu@192.168.64.12\nWelcome to Ubuntu 22.04.5 LTS")]
    [InlineData("sudo ssh ubuntu@192.168.64.11\nssh: connect to host 192.168.64.11 port 22: No route to host")]
    [InlineData("")]
    public void NoRunUnderSudoThatWorkedIsRecordedAsNone(string again)
    {
        var result = ClientLogParser.Parse("ssh ubuntu@192.168.64.11\nssh: connect to host 192.168.64.11 port 22: No route to host\n" + again);

        Assert.Equal("no-route", result.Observations.GetText("client.error"));
        Assert.False(result.Observations["client.works_with_sudo"].Flag);
    }
}
