using SshBot.Diagnostics.ClientLogs;

namespace SshBot.Diagnostics.Tests.ClientLogs;

/// <summary>Each failure wording, pasted on its own (the last line is often all people paste).</summary>
public sealed class FailureLineTests
{
    [Theory]
    [InlineData("ssh: Could not resolve hostname web-01: Name or service not known", "name-not-resolved", "resolve")]
    [InlineData("ssh: Could not resolve hostname web-01: nodename nor servname provided, or not known", "name-not-resolved", "resolve")]
    [InlineData("ssh: connect to host web-01 port 22: Operation timed out", "connection-timed-out", "connect")]
    [InlineData("ssh: connect to host web-01 port 22: Network is unreachable", "no-route", "connect")]
    [InlineData("ssh_exchange_identification: read: Connection reset by peer", "connection-reset", "banner")]
    [InlineData("ssh_exchange_identification: Connection closed by remote host", "closed-by-remote", "banner")]
    [InlineData("Unable to negotiate with 10.1.2.3 port 22: no matching MAC found. Their offer: hmac-md5", "no-matching-mac", "kex")]
    [InlineData("Received disconnect from 10.1.2.3 port 22:2: Too many authentication failures", "too-many-auth-failures", "auth")]
    [InlineData("Write failed: Broken pipe", "broken-pipe", "session")]
    [InlineData("packet_write_wait: Connection to 10.1.2.3 port 22: Broken pipe", "broken-pipe", "session")]
    [InlineData("Connection to web-01 closed by remote host.", "closed-by-remote", "session")]
    [InlineData("Network error: Connection timed out", "connection-timed-out", "connect")]
    [InlineData("Network error: Connection refused", "connection-refused", "connect")]
    [InlineData("ssh: connect to host mgmt-agent-01 port 22: Connection refused", "connection-refused", "connect")]
    [InlineData("FATAL ERROR: Couldn't agree a host key algorithm (available: ssh-rsa)", "no-matching-hostkey", "kex")]
    [InlineData("FATAL ERROR: Couldn't agree a client-to-server cipher (we want: aes256-ctr)", "no-matching-cipher", "kex")]
    [InlineData("FATAL ERROR: Server unexpectedly closed network connection", "closed-by-remote", "banner")]
    [InlineData("Server refused our key", "permission-denied", "auth")]
    [InlineData("The authenticity of host 'web-01 (10.1.2.3)' can't be established.", "hostkey-unknown", "kex")]
    [InlineData("Host key verification failed.", "hostkey-failed", "kex")]
    [InlineData("scp: lost connection", "other", "connect")]
    [InlineData("Connection closed", "closed-by-remote", "banner")]
    public void ASingleFailureLineIsClassified(string line, string error, string stage)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal(error, result.Observations.GetText("client.error"));
        Assert.Equal(stage, result.Observations.GetText("client.stage"));
        Assert.Equal(line, result.Observations.GetText("client.failure_line"));
    }

    [Fact]
    public void TheRealErrorBeatsTheWrapperThatFollowsIt()
    {
        var result = ClientLogParser.Parse("""
            kex_exchange_identification: Connection closed by remote host
            Connection closed by 10.1.2.3 port 22
            lost connection
            """);

        Assert.Equal("closed-by-remote", result.Observations.GetText("client.error"));
        Assert.Equal("10.1.2.3", result.Observations.GetText("client.host"));
    }

    [Fact]
    public void AnScpCommandLineGivesHostUserAndPort()
    {
        var result = ClientLogParser.Parse("""
            $ scp -P 2200 -i ~/.ssh/deploy build.tar.gz deploy@web-01:/srv/
            ssh: connect to host web-01 port 2200: Connection refused
            lost connection
            """);

        Assert.Equal("connection-refused", result.Observations.GetText("client.error"));
        Assert.Equal("deploy", result.Observations.GetText("client.user"));
        Assert.Equal(2200, result.Observations["client.port"].Number);
    }

    [Fact]
    public void AFailedAddressTheClientGotPastIsADeadAddressNotTheConnectFailure()
    {
        var result = ClientLogParser.Parse("""
            debug1: Connecting to web-01 [2001:db8::5] port 22.
            debug1: connect to address 2001:db8::5 port 22: Network is unreachable
            debug1: Connecting to web-01 [10.1.2.3] port 22.
            debug1: Connection established.
            debug1: Authenticating to web-01:22 as 'deploy'
            Authenticated to web-01 ([10.1.2.3]:22) using "publickey".
            """);

        // Not "no-route": ssh got past it. What the log shows is the dead first address.
        Assert.Equal("dead-address", result.Observations.GetText("client.error"));
        Assert.Equal("session", result.Observations.GetText("client.stage"));
        Assert.Equal(["2001:db8::5 Network is unreachable"], result.Observations["client.failed_addresses"].Items);
        Assert.True(result.Observations["client.authenticated"].Flag);
    }

    [Fact]
    public void AStaleAgentSocketIsNotARefusedConnection()
    {
        var result = ClientLogParser.Parse("""
            debug1: get_agent_identities: ssh_get_authentication_socket: Connection refused
            git@git.corp.example: Permission denied (publickey).
            fatal: Could not read from remote repository.
            """);

        Assert.Equal("permission-denied", result.Observations.GetText("client.error"));
        Assert.False(ClientLogParser.Parse("debug1: get_agent_identities: ssh_get_authentication_socket: Connection refused").FoundError);
    }

    [Fact]
    public void ALoginRefusedAfterAChangedHostKeyWarningIsTheChangedKeysDoing()
    {
        var result = ClientLogParser.Parse("""
            @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
            @    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
            @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
            Offending ED25519 key in /home/ops/.ssh/known_hosts:7
            Password authentication is disabled to avoid man-in-the-middle attacks.
            Keyboard-interactive authentication is disabled to avoid man-in-the-middle attacks.
            ops@10.8.0.5: Permission denied (publickey,password).
            """);

        Assert.Equal("hostkey-changed", result.Observations.GetText("client.error"));
    }

    [Fact]
    public void ALoginRefusedAfterANewHostKeyWasAcceptedStaysARefusal()
    {
        var result = ClientLogParser.Parse("""
            Warning: Permanently added '10.8.0.5' (ED25519) to the list of known hosts.
            ops@10.8.0.5: Permission denied (publickey,password).
            """);

        Assert.Equal("permission-denied", result.Observations.GetText("client.error"));
    }
}
