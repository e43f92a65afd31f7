using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.ClientLogs;

/// <summary>sshd's own log lines pasted with (or instead of) the client's output.</summary>
public sealed class ServerLogInPasteTests
{
    [Fact]
    public void SshdsLogLinesInAPasteAreTheServersWordsAndTheClientsOwnFailureStillDecides()
    {
        var result = ClientLogParser.Parse("""
            deploy@10.8.0.5: Permission denied (publickey).
            Dec 04 09:12:01 web-01 sshd[2211]: Authentication refused: bad ownership or modes for directory /home/deploy
            Dec 04 09:12:01 web-01 sshd[2211]: Connection closed by authenticating user deploy 10.8.0.14 port 51234 [preauth]
            """);

        Assert.Equal("permission-denied", result.Observations.GetText("client.error"));
        Assert.Equal(2, result.Observations["client.server_log"].Items.Count);
        Assert.StartsWith("Dec 04 09:12:01 web-01 sshd[2211]: Authentication refused", result.Observations["client.server_log"].Items[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Nov 15 03:27:29 web-01 sshd[30604]: fatal: fork of unprivileged child failed")]
    [InlineData("Nov 15 03:27:29 web-01 sshd[30604]: error: fork: Cannot allocate memory")]
    [InlineData("Nov 15 03:27:29 web-01 sshd[30604]: error: session_new: fork: Resource temporarily unavailable")]
    public void SshdUnableToForkIsTheServersResources(string line)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal("server-resources", result.Observations.GetText("client.error"));
        Assert.Equal([line], result.Observations["client.server_log"].Items);
    }

    [Theory]
    [InlineData("2026-09-12 20:47:27,112 fail2ban.actions [811]: NOTICE [sshd] Ban 198.18.0.14")]
    [InlineData("2026-09-12 20:47:27  [sshd] Ban 198.18.0.14")]
    [InlineData("Dec 04 09:12:01 web-01 sshguard[412]: Blocking \"198.18.0.14/32\" for 240 secs (3 attacks in 5 secs)")]
    [InlineData("lfd[1200]: (sshd) Failed SSH login from 198.18.0.14 (-): 5 in the last 3600 secs - *Blocked in csf* for 3600 secs [LF_SSHD]")]
    [InlineData("Sep 12 20:47:27 web-01 sshd[811]: drop connection #0 from [198.18.0.14]:51234 on [198.18.0.5]:22 penalty: connections without attempting authentication")]
    public void ABanToolsLogIsABan(string line)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal("ip-banned", result.Observations.GetText("client.error"));
        Assert.EndsWith(result.Observations["client.server_log"].Items.Single(), line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ssh: connect to host web-01 port 22: Connection refused")]
    [InlineData("ssh: connect to host web-01 port 22: Connection timed out")]
    [InlineData("kex_exchange_identification: read: Connection reset by peer")]
    public void ABanPastedBesideTheClientsRefusalIsWhyItWasRefused(string client)
    {
        var result = ClientLogParser.Parse("2026-09-12 20:47:27,112 fail2ban.actions [811]: NOTICE [sshd] Ban 198.18.0.14\n" + client);

        Assert.Equal("ip-banned", result.Observations.GetText("client.error"));
        Assert.Equal(client, result.Observations.GetText("client.failure_line"));
    }

    [Fact]
    public void ALoginRefusedBesideABanIsStillTheRefusal()
    {
        var result = ClientLogParser.Parse("deploy@web-01: Permission denied (publickey).\n2026-09-12 20:47:27,112 fail2ban.actions [811]: NOTICE [sshd] Ban 198.18.0.14");

        Assert.Equal("permission-denied", result.Observations.GetText("client.error"));
    }

    [Fact]
    public void ADeprecatedOptionInSshdsFileIsAWarningNotAnSshdThatWillNotStart()
    {
        var result = ClientLogParser.Parse("/etc/ssh/sshd_config line 45: Deprecated option UsePrivilegeSeparation");

        Assert.False(result.FoundError);
    }

    [Fact]
    public void ABanDecidesOverTheRefusedLoginsThatLedToIt()
    {
        var result = ClientLogParser.Parse("""
            Sep 12 20:47:20 web-01 sshd[811]: User ilm from 198.18.0.14 not allowed because not listed in AllowUsers
            Sep 12 20:47:26 web-01 sshd[812]: Invalid user admin from 198.18.0.14 port 51234
            2026-09-12 20:47:27,112 fail2ban.actions [811]: NOTICE [sshd] Ban 198.18.0.14
            """);

        Assert.Equal("ip-banned", result.Observations.GetText("client.error"));
        Assert.Equal(3, result.Observations["client.server_log"].Items.Count);
    }

    [Theory]
    [InlineData("Dec 04 09:12:01 web-01 sshd[2211]: User deploy from 10.8.0.14 not allowed because not listed in AllowUsers", "permission-denied", "auth")]
    [InlineData("sshd[2211]: error: maximum authentication attempts exceeded for root from 10.8.0.14 port 51234 ssh2 [preauth]", "too-many-auth-failures", "auth")]
    [InlineData("sshd: no hostkeys available -- exiting.", "closed-by-remote", "banner")]
    [InlineData("/etc/ssh/sshd_config line 42: Bad configuration option: PermitRootLogn", "connection-refused", "connect")]
    [InlineData("Dec 04 09:12:01 web-01 sshd[2211]: User deploy not allowed because account is locked", "account-expired", "auth")]
    [InlineData("Dec 04 09:12:01 web-01 sshd[2211]: pam_unix(sshd:account): account deploy has expired (account expired)", "account-expired", "auth")]
    [InlineData("Dec 04 09:12:01 web-01 sshd[2211]: pam_unix(sshd:account): expired password for user deploy (password aged)", "account-expired", "auth")]
    [InlineData("sshd[2211]: Received disconnect from 10.8.0.14 port 51234:14: No supported authentication methods available [preauth]", "permission-denied", "auth")]
    [InlineData("Dec 04 09:12:01 web-01 sshd[2211]: error: openpty: No such file or directory", "pty-refused", "session")]
    public void SshdsLogAloneSaysWhatTheClientSaw(string line, string error, string stage)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal((error, stage), (result.Observations.GetText("client.error"), result.Observations.GetText("client.stage")));
        Assert.Equal([line], result.Observations["client.server_log"].Items);
    }

    [Theory]
    [InlineData("/etc/ssh/sshd_config: line 12: Bad configuration option: PermitRootLogn", true)]
    [InlineData("/etc/ssh/sshd_config.d/50-cloud-init.conf: terminating, 1 bad configuration options", true)]
    [InlineData("/Users/alice/.ssh/config: line 4: Bad configuration option: usekeychain", false)]
    [InlineData("/etc/ssh/ssh_config: line 20: Bad configuration option: gssapikexalgorithms", false)]
    [InlineData("C:\\Users\\alice/.ssh/config: terminating, 1 bad configuration options", false)]
    public void TheSameConfigErrorIsSshdsOnlyWhenItNamesSshdsFile(string line, bool sshds)
    {
        var result = ClientLogParser.Parse("$ ssh web-01\n" + line);

        Assert.Equal(sshds, result.Observations.ContainsKey("client.server_log"));
        Assert.Equal(sshds ? "connection-refused" : "client-config", result.Observations.GetText("client.error"));
        Assert.Equal(sshds ? "connect" : "config", result.Observations.GetText("client.stage"));
    }

    [Fact]
    public void AServerOnlyPasteIsReadByItsReasonNotByTheCloseThatFollowsIt()
    {
        var result = ClientLogParser.Parse("""
            Dec 04 09:12:01 web-01 sshd[2211]: Authentication refused: bad ownership or modes for directory /home/deploy
            Dec 04 09:12:01 web-01 sshd[2211]: Connection closed by authenticating user deploy 10.8.0.14 port 51234 [preauth]
            """);

        Assert.Equal(("permission-denied", "auth"), (result.Observations.GetText("client.error"), result.Observations.GetText("client.stage")));
        Assert.False(result.Observations.ContainsKey("client.host"));
        Assert.False(result.Observations.ContainsKey("client.port"));
    }
}
