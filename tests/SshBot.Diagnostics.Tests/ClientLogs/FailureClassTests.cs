using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.ClientLogs;

/// <summary>Wordings of one failure class that other clients and platforms use (Windows sockets, libraries, old servers).</summary>
public sealed class FailureClassTests
{
    [Theory]
    [InlineData("New-SshSession : No connection could be made because the target machine actively refused it 10.1.2.3:22", "connection-refused")]
    [InlineData("A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed", "connection-timed-out")]
    [InlineData("An existing connection was forcibly closed by the remote host.", "connection-reset")]
    [InlineData("No such host is known", "name-not-resolved")]
    [InlineData("Net::SSH::Disconnect: disconnected: ssh disconnect host not allowed to connect (1)", "host-not-allowed")]
    [InlineData("Protocol major versions differ: 2 vs. 1", "old-protocol")]
    [InlineData("paramiko.ssh_exception.SSHException: Incompatible version (1.5 instead of 2.0)", "old-protocol")]
    [InlineData("-bash: cannot create temp file for here-document: Disk quota exceeded", "no-space")]
    [InlineData("Corrupted MAC on input.", "mac-corrupted")]
    [InlineData("    default: Warning: Remote connection disconnect. Retrying...", "closed-by-remote")]
    [InlineData("    default: Warning: Connection timeout. Retrying...", "connection-timed-out")]
    [InlineData("    default: Warning: Authentication failure. Retrying...", "permission-denied")]
    [InlineData("ssh_dispatch_run_fatal: Connection to 10.0.0.5 port 22: message authentication code incorrect", "mac-corrupted")]
    [InlineData("paramiko.ssh_exception.SSHException: Incompatible ssh peer (no acceptable kex algorithm)", "no-matching-kex")]
    [InlineData("paramiko.ssh_exception.SSHException: Incompatible ssh server (no acceptable ciphers)", "no-matching-cipher")]
    [InlineData("error: ssh: handshake failed: ssh: no common algorithm for host key; client offered: [ssh-ed25519], server offered: [ssh-dss]", "no-matching-hostkey")]
    [InlineData("ssh: handshake failed: ssh: no common algorithm for client to server cipher; client offered: [aes128-gcm@openssh.com], server offered: [aes128-cbc]", "no-matching-cipher")]
    [InlineData("com.jcraft.jsch.JSchException: Algorithm negotiation fail", "no-matching-kex")]
    [InlineData("Renci.SshNet.Common.SshConnectionException: Key exchange negotiation failed.", "no-matching-kex")]
    [InlineData("paramiko.ssh_exception.BadHostKeyException: Host key for server 'db-2' does not match: got 'AAAAC3Nz', expected 'AAAAB3Nz'", "hostkey-changed")]
    [InlineData("ssh: handshake failed: knownhosts: key mismatch", "hostkey-changed")]
    [InlineData("com.jcraft.jsch.JSchException: HostKey has been changed: [db-2]:22", "hostkey-changed")]
    [InlineData("Net::SSH::HostKeyMismatch: fingerprint SHA256:Zm9v does not match for \"db-2\"", "hostkey-changed")]
    [InlineData("paramiko.ssh_exception.SSHException: Server 'db-2' not found in known_hosts", "hostkey-unknown")]
    [InlineData("ssh: handshake failed: knownhosts: key is unknown", "hostkey-unknown")]
    [InlineData("com.jcraft.jsch.JSchException: UnknownHostKey: db-2. RSA key fingerprint is 3c:1d:aa", "hostkey-unknown")]
    [InlineData("paramiko.ssh_exception.AuthenticationException: Authentication failed.", "permission-denied")]
    [InlineData("Net::SSH::AuthenticationFailed: Authentication failed for user deploy@db-2", "permission-denied")]
    [InlineData("ssh: handshake failed: ssh: unable to authenticate, attempted methods [none publickey], no supported methods remain", "permission-denied")]
    [InlineData("com.jcraft.jsch.JSchException: Auth fail", "permission-denied")]
    [InlineData("sign_and_send_pubkey: no mutual signature supported", "permission-denied")]
    [InlineData("dial tcp 10.0.0.5:22: i/o timeout", "connection-timed-out")]
    [InlineData("com.jcraft.jsch.JSchException: timeout: socket is not established", "connection-timed-out")]
    [InlineData("ssh: handshake failed: read tcp 10.0.0.9:50112->10.0.0.5:22: i/o timeout", "stalled")]
    [InlineData("ssh: handshake failed: EOF", "closed-by-remote")]
    public void AnotherWordingOfTheSameFailureIsClassifiedAlike(string line, string error)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal(error, result.Observations.GetText("client.error"));
    }

    [Theory]
    [InlineData("Certificate invalid: expired", "expired")]
    [InlineData("Certificate invalid: not yet valid", "not-yet-valid")]
    [InlineData("Certificate invalid: name is not a listed principal", "principal-mismatch")]
    [InlineData("debug1: Certificate lacks principal list", "no-principals")]
    [InlineData("ERROR: ssh: handshake failed: ssh: principal \"db-3\" not in the set of valid principals for given certificate: [\"db-3.prod\"]", "principal-mismatch")]
    [InlineData("error: ssh: handshake failed: ssh: cert has expired", "expired")]
    [InlineData("ssh: handshake failed: ssh: certificate serial 17 revoked", "revoked")]
    [InlineData("Host key ED25519-CERT SHA256:Zm9vYmFy revoked by file /etc/ssh/revoked_host_keys", "revoked")]
    [InlineData("@       WARNING: REVOKED HOST KEY DETECTED!               @", "revoked")]
    public void AClientRefusingTheHostsCertificateSaysWhy(string line, string status)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal(status, result.Observations.GetText("client.hostcert.status"));
        Assert.Equal("hostcert-invalid", result.Observations.GetText("client.error"));
        Assert.Equal("kex", result.Observations.GetText("client.stage"));
    }

    [Theory]
    [InlineData("Renci.SshNet.Common.SshOperationTimeoutException: Socket read operation has timed out after 15000 milliseconds.")]
    [InlineData("Error: Timed out while waiting for handshake")]
    [InlineData("paramiko.ssh_exception.SSHException: Error reading SSH protocol banner")]
    public void ALibraryThatGaveUpWaitingForTheServersFirstWordsStalledAtTheBanner(string line)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal(("stalled", "banner"), (result.Observations.GetText("client.error"), result.Observations.GetText("client.stage")));
    }

    [Theory]
    [InlineData("kex_exchange_identification: read: Operation timed out")]
    [InlineData("ssh_exchange_identification: read: Connection timed out")]
    [InlineData("banner exchange: Connection to 10.40.0.5 port 22: Operation timed out")]
    public void ATimeoutWhileReadingTheServersIdentificationIsABannerTimeoutNotAConnectTimeout(string line)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal(("banner-timeout", "banner"), (result.Observations.GetText("client.error"), result.Observations.GetText("client.stage")));
    }

    [Fact]
    public void AConnectThatTimedOutStaysAConnectTimeout()
    {
        var result = ClientLogParser.Parse("ssh: connect to host 10.40.0.5 port 22: Connection timed out");

        Assert.Equal(("connection-timed-out", "connect"), (result.Observations.GetText("client.error"), result.Observations.GetText("client.stage")));
    }

    [Fact]
    public void VagrantsForwardedAddressIsTheHostAndPortOfItsRetries()
    {
        var result = ClientLogParser.Parse("""
                default: SSH address: 127.0.0.1:2200
                default: Warning: Connection timeout. Retrying...
            """);

        Assert.Equal(("127.0.0.1", 2200d, "loopback"),
            (result.Observations.GetText("client.host"), result.Observations["client.port"].Number, result.Observations.GetText("client.host_scope")));
    }

    [Fact]
    public void ABannerReadThatEndedInEofIsACloseNotATimeout()
    {
        var result = ClientLogParser.Parse("""
            EOFError
            During handling of the above exception, another exception occurred:
            paramiko.ssh_exception.SSHException: Error reading SSH protocol banner
            """);

        Assert.Equal(("closed-by-remote", "banner"), (result.Observations.GetText("client.error"), result.Observations.GetText("client.stage")));
    }

    [Theory]
    [InlineData("DEBUG: Client: Trying files.example.net on port 990 ...", 990, "ftps")]
    [InlineData("Connection to 203.0.113.9 port 22 timed out", 22, "ssh")]
    [InlineData("ssh: connect to host 203.0.113.9 port 2222: Connection refused", 2222, null)]
    public void ThePortALogNamesSaysWhatServiceIsExpectedThere(string line, int port, string? service)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal(port, result.Observations["client.port"].Number);
        Assert.Equal(service, result.Observations.TryGetValue("client.port_service", out var s) ? s.Text : null);
    }

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
    [InlineData("Dec 04 09:12:01 web-01 sshd[2211]: User deploy from 10.8.0.14 not allowed because not listed in AllowUsers", "permission-denied", "auth")]
    [InlineData("sshd[2211]: error: maximum authentication attempts exceeded for root from 10.8.0.14 port 51234 ssh2 [preauth]", "too-many-auth-failures", "auth")]
    [InlineData("sshd: no hostkeys available -- exiting.", "closed-by-remote", "banner")]
    [InlineData("/etc/ssh/sshd_config line 42: Bad configuration option: PermitRootLogn", "connection-refused", "connect")]
    public void SshdsLogAloneSaysWhatTheClientSaw(string line, string error, string stage)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal((error, stage), (result.Observations.GetText("client.error"), result.Observations.GetText("client.stage")));
        Assert.Equal([line], result.Observations["client.server_log"].Items);
    }

    [Fact]
    public void TheUnknownKeyOpenSshFallsBackToAfterACertificateIsRefusedIsTheCertificatesFailure()
    {
        var result = ClientLogParser.Parse("""
            $ ssh ops@build-7.lab
            Certificate invalid: name is not a listed principal
            The authenticity of host 'build-7.lab (10.9.0.7)' can't be established.
            ED25519 key fingerprint is SHA256:Zm9vYmFyYmF6.
            Host key verification failed.
            """);

        Assert.Equal(("hostcert-invalid", "principal-mismatch"),
            (result.Observations.GetText("client.error"), result.Observations.GetText("client.hostcert.status")));
    }

    [Fact]
    public void AnUnknownHostKeyWithNoCertificateInSightStaysAnUnknownHostKey()
    {
        var result = ClientLogParser.Parse("""
            The authenticity of host 'build-7.lab (10.9.0.7)' can't be established.
            Host key verification failed.
            """);

        Assert.Equal("hostkey-unknown", result.Observations.GetText("client.error"));
        Assert.False(result.Observations.ContainsKey("client.hostcert.status"));
    }

    [Theory]
    [InlineData("debug1: Authentications that can continue: **publickey**`")]
    [InlineData("Authentications that can continue: `publickey`")]
    public void AMethodListWrappedInChatMarkupIsReadWithoutTheMarkup(string line)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal(["publickey"], result.Observations["client.auth.methods_offered"].Items);
    }

    [Fact]
    public void ARefusalThatNamesTheSessionLimitIsASessionRefusalNotAForward()
    {
        var result = ClientLogParser.Parse("ssh: rejected: administratively prohibited (too many session channels for user \"ana\" (max=1))");

        Assert.Equal("session-open-failed", result.Observations.GetText("client.error"));
    }

    [Fact]
    public void ASessionReadThatFindsTheConnectionResetIsAnIdleDrop()
    {
        var result = ClientLogParser.Parse("""
            Read from remote host web-01: Connection reset by peer
            Connection to web-01 closed.
            """);

        Assert.Equal("session", result.Observations.GetText("client.stage"));
        Assert.True(result.Observations["client.idle_drop"].Flag);
    }

    [Fact]
    public void AFailureOfAnotherShapeSaysItWasNotAnIdleDrop()
    {
        var result = ClientLogParser.Parse("ssh: connect to host web-01 port 22: Connection refused");

        Assert.False(result.Observations["client.idle_drop"].Flag);
    }

    [Fact]
    public void BinaryBytesBeforeTheBannerAreNotAnSshServer()
    {
        var result = ClientLogParser.Parse("""
            debug1: ssh_exchange_identification: \024\316\353!\373\212
            ssh_exchange_identification: Connection closed by remote host
            """);

        Assert.Equal("not-ssh", result.Observations.GetText("client.error"));
    }

    [Fact]
    public void ANameTheBotCannotPlaceTakesTheScopeOfTheAddressItWasReachedAt()
    {
        var result = ClientLogParser.Parse("""
            debug1: Connecting to git.corp.example [10.5.0.9] port 22.
            kex_exchange_identification: read: Connection reset by peer
            """);

        Assert.Equal("private", result.Observations.GetText("client.host_scope"));
    }

    [Fact]
    public void AConnectErrorWithoutAColonStillNamesTheHost()
    {
        var result = ClientLogParser.Parse("ssh connect to host github.com port 22 connection refused");

        Assert.Equal("github.com", result.Observations.GetText("client.host"));
        Assert.Equal("public-service", result.Observations.GetText("client.host_scope"));
    }
}
