using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.ClientLogs;

/// <summary>
/// What SSH libraries and the tools on them print (node's ssh2, JSch, sshj, SSH.NET, paramiko,
/// libssh, libssh2, Go), and the runtimes' socket errors: read as the failure OpenSSH would name.
/// </summary>
public sealed class LibraryWordingTests
{
    [Theory]
    // Every method the client had was refused.
    [InlineData("Error: All configured authentication methods failed", "permission-denied")]
    [InlineData("Renci.SshNet.Common.SshAuthenticationException: No suitable authentication method found to complete authentication (publickey).", "permission-denied")]
    [InlineData("net.schmizz.sshj.userauth.UserAuthException: Exhausted available authentication methods", "permission-denied")]
    [InlineData("org.apache.sshd.common.SshException: No more authentication methods available", "permission-denied")]
    [InlineData("FATAL ERROR: Server sent disconnect message type 14 (no more auth methods available)", "permission-denied")]
    [InlineData("com.jcraft.jsch.JSchException: Auth fail for methods 'publickey,password'", "permission-denied")]
    [InlineData("com.jcraft.jsch.JSchException: Auth cancel", "permission-denied")]
    [InlineData("Message [Auth fail]]", "permission-denied")]
    [InlineData("SSH password authentication failed: Access denied. Authentication that can continue: publickey,password.", "permission-denied")]
    [InlineData("Access denied for 'publickey'. Authentication that can continue: password", "permission-denied")]
    [InlineData("Authentication failed for user using public key: Username/PublicKey combination invalid", "permission-denied")]
    [InlineData("Failure: Authentication failed (username/password)", "permission-denied")]
    [InlineData("failed to authenticate SSH session: Unable to send userauth-publickey request", "permission-denied")]
    [InlineData("curl: (67) Authentication failure", "permission-denied")]
    [InlineData("Access denied", "permission-denied")]
    [InlineData("Authentication failed.", "permission-denied")]
    [InlineData("paramiko.ssh_exception.SSHException: No authentication methods available", "permission-denied")]
    // The client could not load its own key.
    [InlineData("com.jcraft.jsch.JSchException: invalid privatekey: [B@6d06d69c", "permission-denied")]
    [InlineData("Renci.SshNet.Common.SshException: Invalid private key file.", "permission-denied")]
    [InlineData("paramiko.ssh_exception.SSHException: not a valid RSA private key file", "permission-denied")]
    [InlineData("Error: Cannot parse privateKey: Unsupported key format", "permission-denied")]
    [InlineData("Unable to use key file \"C:\\Users\\ops\\.ssh\\id_ed25519\" (OpenSSH SSH-2 private key (new format))", "permission-denied")]
    // Negotiation, in node's ssh2 words.
    [InlineData("Error: Handshake failed: no matching key exchange algorithm", "no-matching-kex")]
    [InlineData("Error: Handshake failed: no matching host key format", "no-matching-hostkey")]
    [InlineData("Error: Handshake failed: no matching C->S cipher", "no-matching-cipher")]
    [InlineData("Error: Handshake failed: no matching client->server cipher", "no-matching-cipher")]
    [InlineData("Error: Handshake failed: no matching S->C MAC", "no-matching-mac")]
    // Host keys.
    [InlineData("com.jcraft.jsch.JSchException: reject HostKey: db-2", "hostkey-unknown")]
    [InlineData("SSH connection failed (Host key for server 'db-2' does not match: got 'AAAAC3', expected 'AAAAB3')", "hostkey-changed")]
    [InlineData("net.schmizz.sshj.transport.TransportException: Could not verify `ssh-ed25519` host key with fingerprint `ab:cd` for `db-2` on port 22", "hostkey-failed")]
    // Socket errors by their C constant or runtime exception.
    [InlineData("Error: connect ECONNREFUSED 198.18.0.5:22", "connection-refused")]
    [InlineData("Error: connect ETIMEDOUT 198.18.0.5:22", "connection-timed-out")]
    [InlineData("Error: connect EHOSTUNREACH 198.18.0.5:22", "no-route")]
    [InlineData("Error: connect ENETUNREACH 198.18.0.5:22", "no-route")]
    [InlineData("Error: read ECONNRESET", "connection-reset")]
    [InlineData("Error: getaddrinfo ENOTFOUND db-2", "name-not-resolved")]
    [InlineData("Error: getaddrinfo EAI_AGAIN db-2", "name-not-resolved")]
    [InlineData("java.net.UnknownHostException: db-2", "name-not-resolved")]
    [InlineData("java.net.SocketTimeoutException: connect timed out", "connection-timed-out")]
    [InlineData("dial tcp: lookup db-2: no such host", "name-not-resolved")]
    [InlineData("dial tcp: lookup db-2 on 127.0.0.53:53: server misbehaving", "name-not-resolved")]
    [InlineData("curl: (6) Could not resolve host: db-2", "name-not-resolved")]
    [InlineData("socket.gaierror: [Errno 11001] getaddrinfo failed", "name-not-resolved")]
    [InlineData("socket.timeout: timed out", "connection-timed-out")]
    // Closed before or in the handshake; a reply with no identification line.
    [InlineData("com.jcraft.jsch.JSchException: connection is closed by foreign host", "closed-by-remote")]
    [InlineData("Error: Connection lost before handshake", "closed-by-remote")]
    [InlineData("Failure establishing ssh session: -43, Failed getting banner", "closed-by-remote")]
    [InlineData("asyncssh.misc.ConnectionLost: Connection lost", "closed-by-remote")]
    [InlineData("session.connect: java.net.SocketException Software caused a connection abort", "connection-reset")]
    [InlineData("Error Cannot connect to file provider service\nAuth fail", "permission-denied")]
    [InlineData("Renci.SshNet.Common.SshConnectionException: Server response does not contain SSH protocol identification.", "not-ssh")]
    // An FTP server answering the identification line as an unknown command, quoting it.
    [InlineData("502 Invalid command \"SSH-2.0-WinSCP_release_6.3\"", "not-ssh")]
    [InlineData("Response: 500 'SSH-2.0-OpenSSH_9.6': command not understood", "not-ssh")]
    // After login.
    [InlineData("Error: (SSH) Channel open failure: open failed", "forwarding-refused")]
    [InlineData("Could not set 'present' on ensure: open failed (1)", "forwarding-refused")]
    [InlineData("sftp client: error receiving version packet from server: packet too long", "shell-output")]
    [InlineData("Received unexpected end-of-file from SFTP server", "subsystem-failed")]
    [InlineData("  File \"/usr/lib/python3/dist-packages/paramiko/channel.py\", line 158, in get_pty", "pty-refused")]
    public void ALibrarysWordingIsClassifiedAsTheFailureItNames(string line, string error)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal(error, result.Observations.GetText("client.error"));
    }

    [Theory]
    // A C constant's letters inside another word, in any case, are not the constant.
    [InlineData("java.io.FileNotFoundException: /srv/app/fileNotFound.txt")]
    [InlineData("Started CodePipeline stage deploy")]
    [InlineData("setTimedOut(true) was called")]
    // The same words about something other than SSH.
    [InlineData("fatal: Authentication failed for 'https://git.example.com/ops/app.git/'")]
    [InlineData("ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)")]
    [InlineData("debug: (local) C->S cipher: aes128-ctr,aes256-gcm@openssh.com")]
    [InlineData("[14:51:25.500] > local-server> SSH-2.0-OpenSSH_9.6")]
    public void TheSameLettersElsewhereAreNoFailure(string text)
    {
        var result = ClientLogParser.Parse(text);

        Assert.False(result.Observations.ContainsKey("client.error"), result.Observations.GetText("client.error"));
    }

    [Fact]
    public void SshNetsMessageListsTheServersMethodsAndSaysNoneOfTheClientsWasAmongThem()
    {
        var result = ClientLogParser.Parse("Renci.SshNet.Common.SshAuthenticationException: No suitable authentication method found to complete authentication (publickey,keyboard-interactive).");

        Assert.Equal(["publickey", "keyboard-interactive"], result.Observations["client.auth.methods_offered"].Items);
        Assert.Empty(result.Observations["client.auth.methods_tried"].Items);
    }

    [Fact]
    public void LibsshNamesTheMethodRefusedAndTheOnesThatCanContinue()
    {
        var result = ClientLogParser.Parse("Access denied for 'publickey'. Authentication that can continue: password,keyboard-interactive");

        Assert.Equal(["password", "keyboard-interactive"], result.Observations["client.auth.methods_offered"].Items);
        Assert.Equal(["publickey"], result.Observations["client.auth.methods_tried"].Items);
    }

    [Fact]
    public void ASpecificLibraryLineOutranksTheBareAccessDeniedBeforeIt()
    {
        var result = ClientLogParser.Parse("""
            Access denied
            com.jcraft.jsch.JSchException: reject HostKey: db-2
            """);

        Assert.Equal("hostkey-unknown", result.Observations.GetText("client.error"));
    }

    [Fact]
    public void AnAbortWhileJschConnectsIsNotASessionDying()
    {
        var result = ClientLogParser.Parse("com.jcraft.jsch.JSchException: Session.connect: java.net.SocketException: Software caused connection abort");

        Assert.Equal("connection-reset", result.Observations.GetText("client.error"));
        Assert.Equal("banner", result.Observations.GetText("client.stage"));
        Assert.False(result.Observations["client.idle_drop"].Flag);
    }

    [Fact]
    public void PuttysConnectionAbortIsAnEstablishedSessionDying()
    {
        var result = ClientLogParser.Parse("FATAL ERROR: Network error: Software caused connection abort");

        Assert.Equal("session", result.Observations.GetText("client.stage"));
        Assert.True(result.Observations["client.idle_drop"].Flag);
    }

    [Fact]
    public void SftpsTooLongMessageIsTheLoginShellsTextEvenBesideTheTransportsWording()
    {
        var result = ClientLogParser.Parse("Received message too long (or \"Bad packet length\") 1416586337");

        Assert.Equal("shell-output", result.Observations.GetText("client.error"));
        Assert.False(result.Observations.ContainsKey("client.not_ssh_reply"));
    }

    [Fact]
    public void TheForeignServersReplyIsShownAsWhatAnswered()
    {
        var result = ClientLogParser.Parse("502 Invalid command \"SSH-2.0-WinSCP_release_6.3\"");

        Assert.Equal("502 Invalid command \"SSH-2.0-WinSCP_release_6.3\"", result.Observations.GetText("client.not_ssh_reply"));
        Assert.Equal("banner", result.Observations.GetText("client.stage"));
    }

    [Theory]
    [InlineData("Error: connect EHOSTUNREACH 192.168.7.37:22 - Local (192.168.6.131:58210)", "192.168.7.37", 22, "private")]
    [InlineData("Error: connect ECONNREFUSED [::1]:2222", "::1", 2222, "loopback")]
    [InlineData("ssh: handshake failed: dial tcp 203.0.113.9:2200: i/o timeout", "203.0.113.9", 2200, "public")]
    public void ARuntimesSocketErrorNamesTheAddressItDialled(string line, string host, int port, string scope)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal(host, result.Observations.GetText("client.host"));
        Assert.Equal(port, result.Observations["client.port"].Number);
        Assert.Equal(scope, result.Observations.GetText("client.host_scope"));
    }

    [Fact]
    public void NodesResolverNamesTheNameItLookedUp()
    {
        var result = ClientLogParser.Parse("Error: getaddrinfo ENOTFOUND build-07.corp");

        Assert.Equal("build-07.corp", result.Observations.GetText("client.host"));
    }
}
