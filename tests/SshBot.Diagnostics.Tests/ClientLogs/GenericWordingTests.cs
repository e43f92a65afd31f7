using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.ClientLogs;

/// <summary>
/// Clients and libraries no rule names, read by the shape of their words: a phrase of failure with
/// what it failed on. Each line here is worded the way a client family words it, and none of them
/// is in the specific rules.
/// </summary>
public sealed class GenericWordingTests
{
    [Theory]
    [InlineData("phpseclib3\\Exception\\NoSupportedAlgorithmsException: No compatible key exchange algorithms found", "no-matching-kex")]
    [InlineData("Rebex.Net.SshException: Negotiation failed. The client and the server have no common host key algorithm.", "no-matching-hostkey")]
    [InlineData("Key exchange failed. No compatible key exchange method. The server supports these methods: curve25519-sha256", "no-matching-kex")]
    [InlineData("Key exchange failed. No compatible cipher. The server supports these ciphers: aes128-cbc", "no-matching-cipher")]
    [InlineData("org.apache.sshd.common.SshException: Unable to negotiate key exchange for kex algorithms (client: diffie-hellman-group1-sha1 / server: curve25519-sha256)", "no-matching-kex")]
    [InlineData("ssh: Connection to root@198.18.0.5:22 exited: No matching algo hostkey", "no-matching-hostkey")]
    [InlineData("Connection failed: could not agree on a message authentication code algorithm", "no-matching-mac")]
    [InlineData("Server HMAC negotiation failed", "no-matching-mac")]
    [InlineData("Error: failed to negotiate an encryption algorithm with the server", "no-matching-cipher")]
    [InlineData("SSHException: negotiation failed: no common algorithm", "no-matching-algorithm")]
    [InlineData("Host key mismatch for 198.18.0.5 !", "hostkey-changed")]
    [InlineData("The host key does not match the one cached for this server", "hostkey-changed")]
    [InlineData("ECDSA host key for web-01 has changed and you have requested strict checking.", "hostkey-changed")]
    [InlineData("asyncssh.misc.HostKeyNotVerifiable: Host key is not trusted for host 198.18.0.5", "hostkey-unknown")]
    [InlineData("Error: Unknown host key for 198.18.0.5", "hostkey-unknown")]
    [InlineData("Unable to authenticate using any of the configured authentication methods.", "permission-denied")]
    [InlineData("dbclient: Connection to root@198.18.0.5:22 exited: No auth methods could be used.", "permission-denied")]
    [InlineData("asyncssh.misc.PermissionDenied: Permission denied for user deploy on host 198.18.0.5", "permission-denied")]
    [InlineData("dbclient: Connection to root@198.18.0.5:22 exited: Remote closed the connection", "closed-by-remote")]
    [InlineData("The remote system refused the connection.", "connection-refused")]
    [InlineData("Net::SSH::Exception: could not settle on kex algorithm", "no-matching-kex")]
    [InlineData("could not settle on host_key algorithm", "no-matching-hostkey")]
    [InlineData("Error: It appears you are trying to connect to an FTP server and not an SSH/SFTP server.", "not-ssh")]
    [InlineData("sftp: the server at 198.18.0.5 does not appear to speak SSH", "not-ssh")]
    [InlineData("Received a non-SSH response from 198.18.0.5:443", "not-ssh")]
    [InlineData("forkpty: Operation not permitted", "pty-refused")]
    [InlineData("openpty failed: out of ptys", "pty-refused")]
    [InlineData("Failed to startup SSH session: Timeout connecting to web-01", "connection-timed-out")]
    [InlineData("could not identify the remote machine: could not open a command channel: Failed to open channel (ConnectFailed)", "session-open-failed")]
    [InlineData("[SSH] WARNING: The SSH key for this host does not match the key required in the connection configuration.", "hostkey-changed")]
    [InlineData("channel 3: open failed: TCP forwarding is disabled on this server", "forwarding-refused")]
    [InlineData("NoCommonAlgo { kind: Kex, ours: [\"curve25519-sha256\"], theirs: [\"ecdh-sha2-nistp256\"] }", "no-matching-kex")]
    [InlineData("Error: NoCommonAlgo { kind: Key, ours: [\"ssh-ed25519\"], theirs: [\"ssh-rsa\"] }", "no-matching-hostkey")]
    [InlineData("NoCommonAlgo { kind: Cipher, ours: [\"aes256-gcm@openssh.com\"], theirs: [\"aes128-cbc\"] }", "no-matching-cipher")]
    [InlineData("Error: port forwarding may be disabled on the server", "forwarding-refused")]
    public void AWordingNoRuleNamesIsReadByItsShape(string line, string error)
    {
        Assert.Equal(error, ClientLogParser.Parse(line).Observations.GetText("client.error"));
    }

    [Theory]
    [InlineData("22/tcp closed ssh", "connection-refused")]
    [InlineData("2222/tcp filtered ssh", "connection-timed-out")]
    [InlineData("All 1000 scanned ports on 198.18.0.5 are closed", "connection-refused")]
    [InlineData("All 1000 scanned ports on web-01 (198.18.0.5) are filtered", "connection-timed-out")]
    [InlineData("nc: connect to 198.18.0.5 port 22 (tcp) timed out: Operation now in progress", "connection-timed-out")]
    public void APortCheckPastedInsteadOfSshsOutputIsReadAsTheConnectItMade(string line, string error)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal(error, result.Observations.GetText("client.error"));
        Assert.Equal("connect", result.Observations.GetText("client.stage"));
    }

    [Fact]
    public void NmapsReportNamesTheHostAndAnOpenPortIsNoFailure()
    {
        var closed = ClientLogParser.Parse("""
            Nmap scan report for 198.18.0.5
            Host is up (0.056s latency).
            All 1000 scanned ports on 198.18.0.5 are closed
            """);
        var open = ClientLogParser.Parse("""
            Nmap scan report for 198.18.0.5
            PORT   STATE SERVICE
            22/tcp open  ssh
            """);

        Assert.Equal("198.18.0.5", closed.Observations.GetText("client.host"));
        Assert.False(open.FoundError);
    }

    [Theory]
    // What a log says on its way, and the other failures that share the words.
    [InlineData("debug1: Host 'web-01' is known and matches the ED25519 host key.")]
    [InlineData("debug3: record_hostkey: found key type ED25519 in file /home/ops/.ssh/known_hosts:3")]
    [InlineData("debug1: Reading configuration data /etc/ssh/ssh_config")]
    [InlineData("It is also possible that a host key has just been changed.")]
    [InlineData("Port forwarding is disabled to avoid man-in-the-middle attacks.")]
    [InlineData("Agent forwarding is disabled to avoid man-in-the-middle attacks.")]
    [InlineData("Warning: Permanently added 'web-01' (ED25519) to the list of known hosts.")]
    [InlineData("debug2: no match for method compression: server zlib@openssh.com, client none")]
    public void StepsAndNarrativeAreNoFailure(string line)
    {
        Assert.False(ClientLogParser.Parse(line).FoundError, line);
    }

    [Theory]
    [InlineData("sign_and_send_pubkey: no mutual signature supported", "permission-denied")]
    [InlineData("No supported authentication methods available (server sent: publickey)", "permission-denied")]
    [InlineData("Unable to negotiate with 198.18.0.5 port 22: no matching host key type found. Their offer: ssh-rsa", "no-matching-hostkey")]
    [InlineData("fatal: Authentication failed for 'https://git.example.com/ops/deploy.git/'", null)]
    public void TheSpecificWordingsStillDecide(string line, string? error)
    {
        Assert.Equal(error, ClientLogParser.Parse(line).Observations.GetText("client.error"));
    }

    [Theory]
    [InlineData("no common key exchange algorithm", "no-matching-kex")]
    [InlineData("Host key algorithm negotiation failed", "no-matching-hostkey")]
    [InlineData("no common algorithm for server host key; client offered ssh-ed25519", "no-matching-hostkey")]
    [InlineData("No supported authentication methods available", null)]
    public void TheListANegotiationFailedOnIsTheKindNearestItsPhrase(string line, string? error)
    {
        Assert.Equal(error, GenericWordings.NegotiationFailure(line));
    }
}
