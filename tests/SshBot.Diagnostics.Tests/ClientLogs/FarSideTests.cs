using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.ClientLogs;

/// <summary>
/// What a paste shows of the far side beyond the client's own failure line: a shell there that
/// could not find the program ssh ran (so the login worked), a name with an IPv6 address, what a
/// library logged receiving instead of an SSH banner, and logins refused before a close.
/// </summary>
public sealed class FarSideTests
{
    [Theory]
    [InlineData("bash: line 1: rsync: command not found\nrsync: connection unexpectedly closed (0 bytes received so far) [sender]", "rsync")]
    [InlineData("sh: 1: rsync: not found\nrsync: connection unexpectedly closed (0 bytes received so far) [sender]", "rsync")]
    [InlineData("zsh:1: command not found: borg\nRemote: Connection closed by remote host. Is borg working on the server?", "borg")]
    [InlineData("bash: git-upload-pack: command not found\nfatal: Could not read from remote repository.", "git-upload-pack")]
    [InlineData("bash: rsync: command not found\nrsync: connection unexpectedly closed (0 bytes received so far) [sender]", "rsync")]
    public void AProgramTheFarShellCannotFindMeansTheLoginWorked(string paste, string program)
    {
        var result = ClientLogParser.Parse(paste);

        Assert.True(result.Observations["client.authenticated"].Flag);
        Assert.Contains(result.Notes, n => n.Contains($"could not find '{program}'", StringComparison.Ordinal));
    }

    [Theory]
    // A local shell's own complaint: interactive (no line number), for a program people run locally.
    [InlineData("bash: rsync: command not found")]
    [InlineData("zsh: command not found: ssh")]
    [InlineData("bash: ssh: command not found")]
    // A job's own shell ("bash -c") without the tool: it never ran, so nothing of it follows.
    [InlineData("bash: line 1: rsync: command not found")]
    [InlineData("bash: line 1: ssh: command not found\nError: Process completed with exit code 127.")]
    // sftp-server missing is the SFTP subsystem's failure, not a login that worked.
    [InlineData("sh: /usr/libexec/sftp-server: not found")]
    public void ALocalShellsComplaintOrAMissingSftpServerIsNoLoginThatWorked(string paste)
    {
        var result = ClientLogParser.Parse(paste);

        Assert.False(result.Observations.ContainsKey("client.authenticated"));
    }

    [Theory]
    [InlineData("debug1: Connecting to web-01.example.internal [2001:db8::5] port 22.\ndebug1: connect to address 2001:db8::5 port 22: Operation timed out\nssh: connect to host web-01.example.internal port 22: Operation timed out", "connection-timed-out")]
    [InlineData("web-01.example.internal has address 198.18.0.5\nweb-01.example.internal has IPv6 address 2001:db8::5\nFailed to startup SSH session: Timeout connecting to web-01", "connection-timed-out")]
    [InlineData("web-01.example.internal. 300 IN AAAA 2001:db8::5\nssh: connect to host web-01.example.internal port 22: No route to host", "no-route")]
    [InlineData("debug1: Connecting to <host> [<ipv6>] port 22.\ndebug1: connect to address <ipv6> port 22: Operation timed out", "connection-timed-out")]
    public void ANameShownWithAnIpv6AddressIsObserved(string paste, string error)
    {
        var result = ClientLogParser.Parse(paste);

        Assert.Equal(error, result.Observations.GetText("client.error"));
        Assert.True(result.Observations["client.name_has_ipv6"].Flag);
    }

    [Theory]
    // The address was typed: there is no other to fail over to.
    [InlineData("debug1: Connecting to 2001:db8::5 [2001:db8::5] port 22.\nssh: connect to host 2001:db8::5 port 22: Operation timed out")]
    [InlineData("debug1: Connecting to web-01 [198.18.0.5] port 22.\nssh: connect to host web-01 port 22: Operation timed out")]
    public void AnAddressTypedAsIpv6OrANameAtIpv4IsNoNameWithIpv6(string paste)
    {
        Assert.False(ClientLogParser.Parse(paste).Observations.ContainsKey("client.name_has_ipv6"));
    }

    [Theory]
    [InlineData("DEBUG:paramiko.transport:Received: HTTP/1.1 400 Bad Request\nparamiko.ssh_exception.SSHException: Error reading SSH protocol banner")]
    [InlineData("<initialDataFromSshServer><![CDATA[220 FTP Server ready.\nSocket closed")]
    [InlineData("server sent: +OK Dovecot ready.\nConnection closed by 198.18.0.5 port 110")]
    public void WhatALibraryLoggedReceivingInsteadOfABannerSaysSomethingElseAnswered(string paste)
    {
        var result = ClientLogParser.Parse(paste);

        Assert.Equal("not-ssh", result.Observations.GetText("client.error"));
        Assert.True(result.Observations.ContainsKey("client.not_ssh_reply"));
    }

    [Fact]
    public void ReceivedDataThatIsSshIsNoOtherService()
    {
        var result = ClientLogParser.Parse("DEBUG:paramiko.transport:Received: SSH-2.0-OpenSSH_9.6\nConnection closed by 198.18.0.5 port 22");

        Assert.Equal("closed-by-remote", result.Observations.GetText("client.error"));
    }

    [Theory]
    [InlineData("Remote: Permission denied, please try again.\nRemote: Permission denied, please try again.\nConnection closed by remote host. Is borg working on the server?", "permission-denied")]
    [InlineData("mux_client_request_session: session request failed: Session open refused by peer\nConnection closed by 198.18.0.5 port 22", "session-open-failed")]
    [InlineData("    default: Warning: Remote connection disconnect. Retrying...\n    default: Warning: Authentication failure. Retrying...", "permission-denied")]
    public void ARefusalThenTheCloseThatEndsItIsTheRefusal(string paste, string error)
    {
        Assert.Equal(error, ClientLogParser.Parse(paste).Observations.GetText("client.error"));
    }

    [Theory]
    // util-linux's nologin before 2.34 rejects sshd's "-c" and prints its usage.
    [InlineData("Cloning into 'app'...\nnologin: invalid option -- 'c'\n\nUsage:\n nologin [options]\n\nPolitely refuse a login.\nfatal: Could not read from remote repository.", "no-shell")]
    // The shell's complaint about a missing sftp-server is the text sftp then read as a length.
    [InlineData("root@198.18.0.5's password:\nsh: /usr/libexec/sftp-server: No such file or directory\nReceived message too long 2037998963", "subsystem-failed")]
    // Posh-SSH (SSH.NET): its host key check refused the key inside key exchange.
    [InlineData("VERBOSE: Fingerprint not matched trusted ecdsa-sha2-nistp256 fingerprint for host web-01\nNew-SSHSession : Key exchange negotiation failed.", "hostkey-changed")]
    // VS Code Remote-SSH's forward to the server it started.
    [InlineData("\"Failed to set up socket for dynamic port forward to remote port 45755: Socket closed. TCP port forwarding may be disabled, or the remote server may have crashed.\"", "forwarding-refused")]
    public void TheFarSidesReasonDecidesOverWhatTheClientMadeOfIt(string paste, string error)
    {
        Assert.Equal(error, ClientLogParser.Parse(paste).Observations.GetText("client.error"));
    }

    [Fact]
    public void CurlNarrowingItsHostKeyTypesToKnownHostsIsTheClientsHostKeyList()
    {
        var result = ClientLogParser.Parse("""
            * Found host 198.18.0.5 in my_ssh_known_hosts.txt
            * Set "ssh-rsa" as SSH hostkey type
            * Failure establishing ssh session: -5, Unable to exchange encryption keys
            """);

        Assert.Equal(["ssh-rsa"], result.Observations["client.offered.hostkey"].Items);
        Assert.Equal("no-matching-algorithm", result.Observations.GetText("client.error"));
    }

    [Fact]
    public void NodeSsh2sAvailableMethodsAreTheServersList()
    {
        var result = ClientLogParser.Parse("Error: Authentication failure. Available authentication methods: publickey,keyboard-interactive");

        Assert.Equal(["publickey", "keyboard-interactive"], result.Observations["client.auth.methods_offered"].Items);
    }

    [Fact]
    public void ACloseWithAnotherStrongFailureBetweenItAndAnEarlierRefusalIsNotTheRefusal()
    {
        var result = ClientLogParser.Parse("""
            Permission denied, please try again.
            Received disconnect from 198.18.0.5 port 22:2: Too many authentication failures
            ssh: connect to host 198.18.0.5 port 22: Connection refused
            """);

        Assert.Equal("connection-refused", result.Observations.GetText("client.error"));
    }
}
