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
    [InlineData("hash mismatch\nkey_verify failed for server_host_key", "mac-corrupted")]
    [InlineData("ssh_dispatch_run_fatal: Connection to 10.0.0.5 port 22: incorrect signature", "mac-corrupted")]
    [InlineData("paramiko.ssh_exception.SSHException: Incompatible ssh peer (no acceptable kex algorithm)", "no-matching-kex")]
    [InlineData("paramiko.ssh_exception.SSHException: Incompatible ssh server (no acceptable ciphers)", "no-matching-cipher")]
    [InlineData("error: ssh: handshake failed: ssh: no common algorithm for host key; client offered: [ssh-ed25519], server offered: [ssh-dss]", "no-matching-hostkey")]
    [InlineData("ssh: handshake failed: ssh: no common algorithm for client to server cipher; client offered: [aes128-gcm@openssh.com], server offered: [aes128-cbc]", "no-matching-cipher")]
    [InlineData("com.jcraft.jsch.JSchException: Algorithm negotiation fail", "no-matching-algorithm")]
    [InlineData("ssh: handshake failed: ssh: no common algorithms", "no-matching-algorithm")]
    [InlineData("Failure establishing ssh session: -5, Unable to exchange encryption keys", "no-matching-algorithm")]
    [InlineData("Connection failed : kex error : no match for method server host key algo: server [ssh-rsa,ssh-dss], client [ssh-ed25519,rsa-sha2-512]", "no-matching-hostkey")]
    [InlineData("kex error : no match for method kex algos: server [diffie-hellman-group1-sha1], client [curve25519-sha256]", "no-matching-kex")]
    [InlineData("kex error : no match for method encryption client->server: server [aes128-cbc,3des-cbc], client [aes256-ctr]", "no-matching-cipher")]
    [InlineData("kex error : no match for method mac algo client->server: server [hmac-md5], client [hmac-sha2-256]", "no-matching-mac")]
    [InlineData("paramiko.ssh_exception.NoValidConnectionsError: [Errno None] Unable to connect to port 22 on 10.0.0.5", "connection-refused")]
    [InlineData("[14:51:25.319] Failed to parse remote port from server output", "shell-output")]
    [InlineData("Starting OpenBSD Secure Shell server: sshd/etc/ssh/sshd_config line 88: Bad yes/no argument: yesUseDNS", "connection-refused")]
    [InlineData("/etc/ssh/sshd_config.d/50-cloud-init.conf: line 3: Unsupported option UsePAM", "connection-refused")]
    [InlineData("no hostkey alg", "no-matching-hostkey")]
    [InlineData("no kex alg", "no-matching-kex")]
    [InlineData("Permissions 0644 for '/home/ops/.ssh/id_ed25519' are too open.", "permission-denied")]
    [InlineData("Permissions for 'C:\\Users\\ops\\.ssh\\id_rsa' are too open.", "permission-denied")]
    [InlineData("error: Permissions 0777 for '/etc/ssh/ssh_host_ed25519_key' are too open.", "closed-by-remote")]
    [InlineData("sshd[812]: error: Unable to load host key \"/etc/ssh/ssh_host_ecdsa_key\": invalid format", "closed-by-remote")]
    [InlineData("Error: error while writing: received unknown error code 14 with description 'No space available.'", "no-space")]
    [InlineData("Renci.SshNet.Common.SftpPathNotFoundException: SSH_FX_NO_SPACE_ON_FILESYSTEM", "no-space")]
    [InlineData("upload failed: Write: sftp: \"Failure\" (SSH_FX_FAILURE)", "no-space")]
    [InlineData("Couldn't write to remote file \"/srv/backup/db.tar\": Failure", "no-space")]
    [InlineData("ssh_dispatch_run_fatal: Connection to 10.0.0.5 port 22: error in libcrypto", "no-matching-hostkey")]
    [InlineData("Load key \"/home/ops/.ssh/id_rsa\": error in libcrypto", "permission-denied")]
    [InlineData("sign_and_send_pubkey: signing failed for RSA \"/home/ops/.ssh/id_rsa\" from agent: error in libcrypto", "permission-denied")]
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
    [InlineData("Received message too long 1466264675", "shell-output")]
    [InlineData("Received too large (1466264675 B) SFTP packet. Max supported packet size is 1024000 B.", "shell-output")]
    [InlineData("protocol version mismatch -- is your shell clean?", "shell-output")]
    [InlineData("protocol error: mtime.sec not delimited", "shell-output")]
    [InlineData("Error: Packet length 1466264675 exceeds max length of 262144", "shell-output")]
    [InlineData("paramiko.sftp.SFTPError: Garbage packet received", "shell-output")]
    [InlineData("/home/alice/.ssh/config: line 4: Bad configuration option: usekeychain", "client-config")]
    [InlineData("/etc/ssh/ssh_config: terminating, 1 bad configuration options", "client-config")]
    [InlineData("Bad owner or permissions on C:\\Users\\alice/.ssh/config", "client-config")]
    [InlineData("/home/alice/.ssh/config line 9: garbage at end of line; \"yes\".", "client-config")]
    [InlineData("This account is currently not available.", "no-shell")]
    [InlineData("Command not found. Use 'help' to get a list of available commands.", "no-shell")]
    [InlineData("*** forbidden command: echo", "no-shell")]
    [InlineData("This account is restricted by rssh.", "no-shell")]
    [InlineData("'C:\\Users\\John' is not recognized as an internal or external command,", "client-config")]
    [InlineData("error: cannot spawn ssh: No such file or directory", "client-config")]
    [InlineData("error: cannot run plink: No such file or directory", "client-config")]
    [InlineData("Reason: failed to connect to backend", "connection-timed-out")]
    [InlineData("ERROR: (gcloud.compute.start-iap-tunnel) Error while connecting [4003: 'failed to connect to backend'].", "connection-timed-out")]
    [InlineData("This service allows sftp connections only.", "no-shell")]
    [InlineData("Your account has expired; please contact your system administrator", "account-expired")]
    [InlineData("Password change required but no TTY available.", "account-expired")]
    [InlineData("You are required to change your password immediately (administrator enforced)", "account-expired")]
    [InlineData("WARNING: Your password has expired.", "account-expired")]
    [InlineData("The account is locked due to 5 failed logins.", "account-expired")]
    [InlineData("Account locked due to 6 failed logins", "account-expired")]
    [InlineData("PTY allocation request failed on channel 0", "pty-refused")]
    [InlineData("Server refused to allocate pty", "pty-refused")]
    [InlineData("request pty failed: ssh: pty-req failed", "pty-refused")]
    [InlineData("Renci.SshNet.Common.SshException: Message type 60 is not valid in the current context.", "account-expired")]
    [InlineData("Shell access is disabled !", "no-shell")]
    [InlineData("CreateProcessW failed error:2", "client-config")]
    [InlineData("==> amazon-ebs: Timeout waiting for SSH.", "connection-timed-out")]
    [InlineData("> [13:02:23.672] > Received disconnect from 10.0.0.5 port 22:2: Too many authentication fail", "too-many-auth-failures")]
    [InlineData("OpenSSL version mismatch. Built against 30000080, you have 30500010", "client-build")]
    [InlineData("Cannot initialize SFTP protocol. Is the host running an SFTP server?", "subsystem-failed")]
    [InlineData("posix_spawn: No such file or directory", "client-config")]
    [InlineData("Received disconnect from 10.0.0.5 port 22:2: fork failed: Resource temporarily unavailable", "server-resources")]
    [InlineData("Password expired. Change your password now.", "account-expired")]
    [InlineData("The password for this account has expired and must be changed.", "account-expired")]
    [InlineData("debug1: generate_s4u_user_token: LsaLogonUser() failed. User 'ops' Status: 0xC0000234 SubStatus 0.", "account-expired")]
    [InlineData("Unable to init SFTP session -21 11", "subsystem-failed")]
    [InlineData("Renci.SshNet.Common.SshConnectionException: Host key algorithm negotiation failed.", "no-matching-hostkey")]
    [InlineData("Renci.SshNet.Common.SshConnectionException: Client encryption algorithm negotiation failed.", "no-matching-cipher")]
    [InlineData("Renci.SshNet.Common.SshConnectionException: Server HMAC algorithm negotiation failed.", "no-matching-mac")]
    [InlineData("asyncssh.misc.KeyExchangeFailed: No matching encryption algorithm found, sent aes256-gcm@openssh.com and received aes128-cbc", "no-matching-cipher")]
    [InlineData("KeyExchangeFailed: No matching MAC algorithm found", "no-matching-mac")]
    [InlineData("com.jcraft.jsch.JSchAlgoNegoFailException: Algorithm negotiation fail: algorithmName=\"server_host_key\" jschProposal=\"ssh-ed25519\" serverProposal=\"ssh-rsa\"", "no-matching-hostkey")]
    [InlineData("com.jcraft.jsch.JSchAlgoNegoFailException: Algorithm negotiation fail: algorithmName=\"cipher.c2s\" jschProposal=\"aes128-ctr\" serverProposal=\"aes128-cbc\"", "no-matching-cipher")]
    [InlineData("com.jcraft.jsch.JSchAlgoNegoFailException: Algorithm negotiation fail: algorithmName=\"kex\" jschProposal=\"curve25519-sha256\" serverProposal=\"diffie-hellman-group1-sha1\"", "no-matching-kex")]
    public void AnotherWordingOfTheSameFailureIsClassifiedAlike(string line, string error)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal(error, result.Observations.GetText("client.error"));
    }

    [Theory]
    [InlineData("debug1: Writing to /home/ops/.ssh/known_hosts")]
    [InlineData("write_failure_count=0 while writing the report")]
    [InlineData("sftp> put notes.txt\nUploading notes.txt to /home/ops/notes.txt")]
    public void WritingWithoutTheServersFailureIsNoFailure(string text)
    {
        var result = ClientLogParser.Parse(text);

        Assert.False(result.Observations.ContainsKey("client.error"));
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

    [Theory]
    [InlineData("192.168.x.x", "private")]
    [InlineData("10.0.*.*", "private")]
    [InlineData("172.20.XX.XX", "private")]
    [InlineData("127.0.x.x", "loopback")]
    [InlineData("52.14.xxx.xxx", "public")]
    [InlineData("172.x.x.x", null)]
    [InlineData("x.x.x.x", null)]
    public void AnAddressTheUserMaskedKeepsTheScopeItsFirstPartsShow(string masked, string? scope)
    {
        var result = ClientLogParser.Parse($"ssh: connect to host {masked} port 22: No route to host");

        Assert.Equal("no-route", result.Observations.GetText("client.error"));
        Assert.Equal(scope, result.Observations.GetText("client.host_scope"));
        Assert.False(result.Observations.ContainsKey("client.host"), "a masked address is no host to name or probe");
    }

    [Fact]
    public void AMaskedAddressARuntimeDialledKeepsItsScope()
    {
        var result = ClientLogParser.Parse("Error: connect EHOSTUNREACH 192.168.***.***:22 - Local (192.168.***.***:58210)");

        Assert.Equal("private", result.Observations.GetText("client.host_scope"));
        Assert.Equal(22, result.Observations["client.port"].Number);
        Assert.False(result.Observations.ContainsKey("client.host"));
    }
}
