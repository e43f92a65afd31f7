namespace SshBot.Diagnostics.ClientLogs;

/// <summary>
/// What SSH libraries say for the failures OpenSSH words its own way (paramiko, Go's
/// x/crypto/ssh, JSch, net-ssh, SSH.NET): the same <c>client.error</c> values, so the same
/// articles answer. Spread into <see cref="FailureRules.All"/> beside OpenSSH's wordings.
/// </summary>
internal static class LibraryFailureRules
{
    public static readonly FailureRule[] Negotiation =
    [
        // Libraries' negotiation failures: paramiko, Go's x/crypto/ssh, SSH.NET, JSch.
        new("no acceptable kex algorithm", "no-matching-kex", ClientStage.Kex),
        new("no acceptable ciphers", "no-matching-cipher", ClientStage.Kex),
        new("no acceptable macs", "no-matching-mac", ClientStage.Kex),
        new("no acceptable host key", "no-matching-hostkey", ClientStage.Kex),
        new("no common algorithm for key exchange", "no-matching-kex", ClientStage.Kex),
        new("no common algorithm for host key", "no-matching-hostkey", ClientStage.Kex),
        new("to server cipher", "no-matching-cipher", ClientStage.Kex),
        new("to client cipher", "no-matching-cipher", ClientStage.Kex),
        new("to server MAC", "no-matching-mac", ClientStage.Kex),
        new("to client MAC", "no-matching-mac", ClientStage.Kex),
        // SSH.NET names the list that failed: "Host key algorithm negotiation failed", "Client
        // encryption algorithm negotiation failed", "Server HMAC algorithm negotiation failed".
        new("Host key algorithm negotiation failed", "no-matching-hostkey", ClientStage.Kex),
        new("encryption algorithm negotiation failed", "no-matching-cipher", ClientStage.Kex),
        new("HMAC algorithm negotiation failed", "no-matching-mac", ClientStage.Kex),
        new("Key exchange negotiation failed", "no-matching-kex", ClientStage.Kex),
        // asyncssh (and tools on it, such as Scrapli): "No matching encryption algorithm found, sent ... and received ...".
        new("No matching host key algorithm", "no-matching-hostkey", ClientStage.Kex),
        new("No matching server host key algorithm", "no-matching-hostkey", ClientStage.Kex),
        new("No matching encryption algorithm", "no-matching-cipher", ClientStage.Kex),
        new("No matching MAC algorithm", "no-matching-mac", ClientStage.Kex),
        new("No matching key exchange algorithm", "no-matching-kex", ClientStage.Kex),
        // JSch 0.2+ names the list: algorithmName="server_host_key", "cipher.c2s", "mac.s2c", "kex".
        new("algorithmName=\"server_host_key\"", "no-matching-hostkey", ClientStage.Kex),
        new("algorithmName=\"cipher.", "no-matching-cipher", ClientStage.Kex),
        new("algorithmName=\"mac.", "no-matching-mac", ClientStage.Kex),
        new("algorithmName=\"kex\"", "no-matching-kex", ClientStage.Kex),
        // libssh (NppFTP, KDE, Remmina): "kex error : no match for method server host key algo:
        // server [ssh-rsa], client [ssh-ed25519]", one name per list.
        new("no match for method kex algos", "no-matching-kex", ClientStage.Kex),
        new("no match for method server host key algo", "no-matching-hostkey", ClientStage.Kex),
        new("no match for method encryption", "no-matching-cipher", ClientStage.Kex),
        new("no match for method mac algo", "no-matching-mac", ClientStage.Kex),
        // Without the list's name (JSch before 0.2, Go's x/crypto/ssh before it named the list):
        // any of them, for the symptom article to rank.
        new("Algorithm negotiation fail", "no-matching-algorithm", ClientStage.Kex),
        new("ssh: no common algorithms", "no-matching-algorithm", ClientStage.Kex),
        // libssh2 (curl, PHP's ssh2, git clients on it): "Failure establishing ssh session: -5,
        // Unable to exchange encryption keys".
        new("Unable to exchange encryption keys", "no-matching-algorithm", ClientStage.Kex),
    ];

    public static readonly FailureRule[] HostKeys =
    [
        // Libraries: paramiko, Go's knownhosts, JSch, net-ssh, PuTTY/WinSCP's configured key.
        new("BadHostKeyException", "hostkey-changed", ClientStage.Kex),
        new("knownhosts: key mismatch", "hostkey-changed", ClientStage.Kex),
        new("HostKey has been changed", "hostkey-changed", ClientStage.Kex),
        new("HostKeyMismatch", "hostkey-changed", ClientStage.Kex),
        new("Host key does not match the configured key", "hostkey-changed", ClientStage.Kex),
        new("not found in known_hosts", "hostkey-unknown", ClientStage.Kex),
        new("knownhosts: key is unknown", "hostkey-unknown", ClientStage.Kex),
        new("UnknownHostKey", "hostkey-unknown", ClientStage.Kex),
        new("HostKeyUnknown", "hostkey-unknown", ClientStage.Kex),
    ];

    public static readonly FailureRule[] Logins =
    [
        // Libraries: paramiko, net-ssh, Go, JSch, SSH.NET.
        new("AuthenticationException", "permission-denied", ClientStage.Auth),
        new("AuthenticationFailed", "permission-denied", ClientStage.Auth),
        new("Authentication failed for user", "permission-denied", ClientStage.Auth),
        new("unable to authenticate, attempted methods", "permission-denied", ClientStage.Auth),
        new("JSchException: Auth fail", "permission-denied", ClientStage.Auth),
        // paramiko: the server does not allow the method the client used (allowed_types lists what it does).
        new("BadAuthenticationType", "permission-denied", ClientStage.Auth),
        new("Bad authentication type", "permission-denied", ClientStage.Auth),
    ];

    public static readonly FailureRule[] Timeouts =
    [
        // Go ("dial tcp H:22: i/o timeout"), JSch, net-ssh.
        new("i/o timeout", "connection-timed-out", null),
        new("socket is not established", "connection-timed-out", ClientStage.Connect),
        new("Net::SSH::ConnectionTimeout", "connection-timed-out", null),
        // Go: the server hung up during the handshake.
        new("handshake failed: EOF", "closed-by-remote", null),
    ];
}
