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
        // russh (Tabby, tty7): its error's Debug form, "NoCommonAlgo { kind: Kex, ours: [...], theirs: [...] }".
        new("NoCommonAlgo", "no-matching-algorithm", ClientStage.Kex) { Reading = RusshNoCommonAlgo },
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
        // node's ssh2 (and the SFTP tools on it): "Handshake failed: no matching key exchange
        // algorithm", "... no matching host key format", "... no matching C->S cipher".
        new("no matching key exchange algorithm", "no-matching-kex", ClientStage.Kex),
        new("no matching host key", "no-matching-hostkey", ClientStage.Kex),
        new("no matching C->S cipher", "no-matching-cipher", ClientStage.Kex),
        new("no matching S->C cipher", "no-matching-cipher", ClientStage.Kex),
        new("no matching client->server cipher", "no-matching-cipher", ClientStage.Kex),
        new("no matching server->client cipher", "no-matching-cipher", ClientStage.Kex),
        new("no matching cipher", "no-matching-cipher", ClientStage.Kex),
        new("no matching C->S MAC", "no-matching-mac", ClientStage.Kex),
        new("no matching S->C MAC", "no-matching-mac", ClientStage.Kex),
        new("no matching client->server hmac", "no-matching-mac", ClientStage.Kex),
        new("no matching server->client hmac", "no-matching-mac", ClientStage.Kex),
        new("no matching MAC", "no-matching-mac", ClientStage.Kex),
    ];

    private static readonly System.Text.RegularExpressions.Regex RusshKind = ClientLogParser.Pattern(@"NoCommonAlgo\s*\{\s*kind:\s*(Kex|Key|Cipher|Mac|Compression)\b");

    private static string? RusshNoCommonAlgo(string line) =>
        !line.Contains("NoCommonAlgo", StringComparison.Ordinal) ? null
        : RusshKind.Match(line) is not { Success: true } kind ? "no-matching-algorithm"
        : kind.Groups[1].Value.ToLowerInvariant() switch
        {
            "kex" => "no-matching-kex",
            "key" => "no-matching-hostkey",
            "cipher" => "no-matching-cipher",
            "mac" => "no-matching-mac",
            _ => "no-matching-algorithm",
        };

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
        // JSch with StrictHostKeyChecking=yes and no known key: "reject HostKey: web-01".
        new("reject HostKey", "hostkey-unknown", ClientStage.Kex),
        // paramiko's BadHostKeyException message: "Host key for server 'h' does not match: got 'x', expected 'y'".
        new("does not match: got", "hostkey-changed", ClientStage.Kex),
        // sshj: "Could not verify `ssh-ed25519` host key with fingerprint ... for `h` on port 22",
        // unknown and changed alike.
        new("host key with fingerprint", "hostkey-failed", ClientStage.Kex),
        // curl's verbose line with libssh2's known_hosts check: 1 a mismatch, 2 no key for the host.
        new("SSH host check: 1,", "hostkey-changed", ClientStage.Kex),
        new("SSH host check: 2,", "hostkey-unknown", ClientStage.Kex),
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
        // Every method the client had was refused, in each library's words: node's ssh2 (and the
        // SFTP tools on it), SSH.NET, sshj (Cyberduck, JetBrains, Jenkins), Apache MINA sshd and
        // Twisted ("no more authentication methods available", also Tectia's disconnect and PuTTY's
        // disconnect type 14), JSch ("Auth fail", "Auth cancel"; 0.2+ adds "for methods '...'").
        new("All configured authentication methods failed", "permission-denied", ClientStage.Auth),
        new("No suitable authentication method found", "permission-denied", ClientStage.Auth),
        new("Exhausted available authentication methods", "permission-denied", ClientStage.Auth),
        new("No more authentication methods available", "permission-denied", ClientStage.Auth),
        new("no more auth methods available", "permission-denied", ClientStage.Auth),
        new("Auth fail for methods", "permission-denied", ClientStage.Auth),
        new("Auth cancel", "permission-denied", ClientStage.Auth),
        new("Message [Auth fail]", "permission-denied", ClientStage.Auth),
        // libssh (Remmina, X2Go, KDE, MySQL Workbench's tunnel): "Access denied. Authentication that
        // can continue: publickey", newer "Access denied for 'publickey'. Authentication that ...".
        new("Access denied. Authentication that can continue", "permission-denied", ClientStage.Auth),
        new("Access denied for '", "permission-denied", ClientStage.Auth),
        // libssh2 (curl, PHP's ssh2, libgit2 and the git clients on it): "Username/PublicKey
        // combination invalid", "Authentication failed (username/password)", libgit2's "Failed to
        // authenticate SSH session", curl's "Authentication failure".
        new("Username/PublicKey combination invalid", "permission-denied", ClientStage.Auth),
        new("Authentication failed (", "permission-denied", ClientStage.Auth),
        new("Failed to authenticate SSH session", "permission-denied", ClientStage.Auth),
        // Weak: the bare words of PuTTY ("Access denied"), WinSCP, FileZilla and paramiko's message
        // ("Authentication failed."), curl and PAM ("Authentication failure"): a more specific line
        // says more. Not MySQL's "Access denied for user 'root'@..." nor git's HTTPS
        // "Authentication failed for 'https://...'".
        new("Authentication failure", "permission-denied", ClientStage.Auth, Strong: false),
        new("Authentication failed", "permission-denied", ClientStage.Auth, Strong: false, Unless: "for 'http"),
        new("Access denied", "permission-denied", ClientStage.Auth, Strong: false, Unless: "Access denied for user '"),
        // JSch's bare message as apps on it show it ("Auth fail" on a line of its own).
        new("Auth fail", "permission-denied", ClientStage.Auth, Strong: false),
        // paramiko with no key or password to offer: nothing was tried.
        new("No authentication methods available", "permission-denied", ClientStage.Auth),
        // The client could not load or use its own key, in each library's words (OpenSSH's is
        // "Load key"): JSch, SSH.NET and paramiko ("Invalid private key file", "not a valid RSA
        // private key file"), node's ssh2, PuTTY given an OpenSSH key. Weak, like OpenSSH's.
        new("invalid privatekey", "permission-denied", ClientStage.Auth, Strong: false),
        new("Invalid private key file", "permission-denied", ClientStage.Auth, Strong: false),
        new("not a valid RSA private key", "permission-denied", ClientStage.Auth, Strong: false),
        new("not a valid OPENSSH private key", "permission-denied", ClientStage.Auth, Strong: false),
        new("not a valid EC private key", "permission-denied", ClientStage.Auth, Strong: false),
        new("not a valid DSA private key", "permission-denied", ClientStage.Auth, Strong: false),
        new("Cannot parse privateKey", "permission-denied", ClientStage.Auth, Strong: false),
        new("Encrypted private OpenSSH key detected, but no passphrase", "permission-denied", ClientStage.Auth, Strong: false),
        new("Unable to use key file", "permission-denied", ClientStage.Auth, Strong: false),
    ];

    /// <summary>
    /// Libraries' words for a connection that ended before or during the handshake, and for a
    /// server reply that held no identification line.
    /// </summary>
    public static readonly FailureRule[] Closes =
    [
        // JSch: "Session.connect: java.net.SocketException: ... / connection is closed by foreign host".
        new("connection is closed by foreign host", "closed-by-remote", null),
        // node's ssh2, libssh2 ("Failure establishing ssh session: -43, Failed getting banner"), libssh.
        new("Connection lost before handshake", "closed-by-remote", ClientStage.Banner),
        new("Failed getting banner", "closed-by-remote", ClientStage.Banner),
        new("Socket error: disconnected", "closed-by-remote", null),
        // asyncssh: "asyncssh.misc.ConnectionLost: Connection lost".
        new("ConnectionLost", "closed-by-remote", null),
        // SSH.NET read lines from the server and none began "SSH-": what answered is not SSH.
        new("does not contain SSH protocol identification", "not-ssh", ClientStage.Banner),
    ];

    /// <summary>
    /// The socket errors runtimes name by their C constant or exception: node's ("connect
    /// ECONNREFUSED 10.0.0.5:22", "getaddrinfo ENOTFOUND web-01"), Java's (UnknownHostException,
    /// "connect timed out"), Go's resolver ("lookup web-01: no such host", "server misbehaving"),
    /// curl's ("Could not resolve host: web-01"), Python's ("socket.timeout"). The C constants match
    /// only as whole words in capitals.
    /// </summary>
    public static readonly FailureRule[] Sockets =
    [
        new("ENOTFOUND", "name-not-resolved", ClientStage.Resolve, Word: true),
        // Python's resolver errors (on Windows "[Errno 11001] getaddrinfo failed").
        new("socket.gaierror", "name-not-resolved", ClientStage.Resolve),
        new("getaddrinfo failed", "name-not-resolved", ClientStage.Resolve),
        new("EAI_AGAIN", "name-not-resolved", ClientStage.Resolve, Word: true),
        new("UnknownHostException", "name-not-resolved", ClientStage.Resolve),
        new("no such host", "name-not-resolved", ClientStage.Resolve),
        new("server misbehaving", "name-not-resolved", ClientStage.Resolve),
        new("Could not resolve host", "name-not-resolved", ClientStage.Resolve),
        new("ECONNREFUSED", "connection-refused", ClientStage.Connect, Word: true),
        new("EHOSTUNREACH", "no-route", ClientStage.Connect, Word: true),
        new("ENETUNREACH", "no-route", ClientStage.Connect, Word: true),
        new("connect timed out", "connection-timed-out", ClientStage.Connect),
        new("ETIMEDOUT", "connection-timed-out", null, Word: true),
        new("socket.timeout", "connection-timed-out", null),
        new("ECONNRESET", "connection-reset", null, Word: true),
        new("EPIPE", "broken-pipe", ClientStage.Session, Word: true),
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
