namespace SshBot.Diagnostics.ClientLogs;

/// <summary>How far a client got, in the order a connection goes (the values of <c>client.stage</c>).</summary>
internal enum ClientStage
{
    None,
    // The client stopped on its own configuration before it tried to connect.
    Config,
    Resolve,
    Connect,
    Banner,
    Kex,
    Auth,
    Session,
}

/// <summary>
/// One failure message and what it means. A strong rule decides the failure on its own (the
/// last strong line of a paste wins: people retry); a weak one only when no strong line exists
/// (git's "Could not read from remote repository" follows the real error).
/// </summary>
/// <param name="Needle">Text the line contains (ordinal, case-insensitive).</param>
/// <param name="Error">The <c>client.error</c> value.</param>
/// <param name="Stage">The stage the failure happened at; null when it depends on how far the log got.</param>
/// <param name="Strong">Whether the line decides the failure on its own.</param>
/// <param name="Unless">Text that, in the same line, shows the needle means something else
/// (git's "Authentication failed for 'https://...'" is not SSH's).</param>
/// <param name="Word">Match the needle as a whole word, case and all: a C constant such as
/// ECONNRESET, which ignoring case would find inside other words ("fileNotFound").</param>
internal sealed record FailureRule(string Needle, string Error, ClientStage? Stage, bool Strong = true, string? Unless = null, bool Word = false)
{
    /// <summary>
    /// A reading in place of the needle, for wordings only a pattern describes (<see
    /// cref="GenericWordings"/>): the error the line says, or null. One rule can so read a family
    /// of errors (which list a negotiation failed on); <see cref="FailureRules.Find(string,
    /// IReadOnlyList{FailureRule})"/> gives the rule with the error the line says.
    /// </summary>
    public Func<string, string?>? Reading { get; init; }

    /// <summary>Whether <paramref name="line"/> holds this rule's failure.</summary>
    public bool Matches(string line)
    {
        if (Unless is not null && line.Contains(Unless, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Reading is not null)
        {
            return Reading(line) is not null;
        }

        if (!Word)
        {
            return line.Contains(Needle, StringComparison.OrdinalIgnoreCase);
        }

        for (var at = line.IndexOf(Needle, StringComparison.Ordinal); at >= 0; at = line.IndexOf(Needle, at + 1, StringComparison.Ordinal))
        {
            var end = at + Needle.Length;
            if ((at == 0 || !char.IsAsciiLetterOrDigit(line[at - 1])) && (end == line.Length || !char.IsAsciiLetterOrDigit(line[end])))
            {
                return true;
            }
        }

        return false;
    }
}

internal static class FailureRules
{
    /// <summary>First match wins within a line, so the more specific wording comes first.</summary>
    public static readonly FailureRule[] All =
    [
        // The user's own client configuration (~/.ssh/config, ssh_config): ssh stops before it
        // connects. sshd's words for its own file are sshd's lines (ServerLogLines), never these.
        new("Bad owner or permissions on", "client-config", ClientStage.Config),
        new("Bad configuration option", "client-config", ClientStage.Config),
        new("bad configuration options", "client-config", ClientStage.Config),
        new("garbage at end of line", "client-config", ClientStage.Config),
        new("no argument after keyword", "client-config", ClientStage.Config),
        new("Can't open user config file", "client-config", ClientStage.Config),
        // The ssh binary refuses to run with an OpenSSL other than the one it was built against.
        new("OpenSSL version mismatch", "client-build", ClientStage.Config),
        // Windows OpenSSH could not start the ProxyCommand (or ProxyJump's ssh) the config names.
        new("CreateProcessW failed", "client-config", ClientStage.Config),
        // The ssh program a tool was told to run (GIT_SSH, core.sshCommand, a wrapper script)
        // could not be started: cmd's and PowerShell's words, git's.
        new("is not recognized as an internal or external command", "client-config", ClientStage.Config),
        new("is not recognized as the name of a cmdlet", "client-config", ClientStage.Config),
        new("error: cannot spawn ", "client-config", ClientStage.Config, Unless: "hooks"),
        new("error: cannot run ", "client-config", ClientStage.Config, Unless: "hooks"),
        new("posix_spawn: No such file or directory", "client-config", ClientStage.Config),
        new("posix_spawnp: No such file or directory", "client-config", ClientStage.Config),

        // Name resolution: OpenSSH on Linux, macOS and Windows; PuTTY.
        new("Could not resolve hostname", "name-not-resolved", ClientStage.Resolve),
        new("Temporary failure in name resolution", "name-not-resolved", ClientStage.Resolve),
        new("Name or service not known", "name-not-resolved", ClientStage.Resolve),
        new("nodename nor servname provided", "name-not-resolved", ClientStage.Resolve),
        new("No such host is known", "name-not-resolved", ClientStage.Resolve),
        new("Host does not exist", "name-not-resolved", ClientStage.Resolve),

        // Banner and negotiation.
        new("Connection timed out during banner exchange", "banner-timeout", ClientStage.Banner),
        new("banner line contains invalid characters", "not-ssh", ClientStage.Banner),
        // sftp's own words for a length it cannot believe: past login, so text the login shell
        // printed, never a server that does not speak SSH (see shell-output below).
        new("Received message too long", "shell-output", ClientStage.Session),
        new("Bad packet length", "not-ssh", ClientStage.Kex),
        .. GenericWordings.NotSsh,
        // The first encrypted packet fails its MAC check: a client or server build with a broken
        // MAC (Windows OpenSSH's LibreSSL and umac-128-etm), not a negotiation that found nothing.
        new("Corrupted MAC on input", "mac-corrupted", ClientStage.Kex),
        new("message authentication code incorrect", "mac-corrupted", ClientStage.Kex),
        // The server's signature over the key exchange did not verify with the key it sent
        // ("key_verify failed for server_host_key", older "hash mismatch"; "incorrect signature"):
        // a client or server build that computes the exchange differently (OpenSSH 6.5/6.6's
        // curve25519 encoding against some servers). A different host key is caught before this,
        // by known_hosts.
        new("key_verify failed for server_host_key", "mac-corrupted", ClientStage.Kex),
        new("incorrect signature", "mac-corrupted", ClientStage.Kex),
        new("no matching key exchange method found", "no-matching-kex", ClientStage.Kex),
        new("no matching host key type found", "no-matching-hostkey", ClientStage.Kex),
        new("no matching cipher found", "no-matching-cipher", ClientStage.Kex),
        new("no matching MAC found", "no-matching-mac", ClientStage.Kex),
        // OpenSSH before 6.x: "no kex alg", "no hostkey alg".
        new("no kex alg", "no-matching-kex", ClientStage.Kex),
        new("no hostkey alg", "no-matching-hostkey", ClientStage.Kex),
        // Solaris' SunSSH: "Client and server could not agree on a key exchange algorithm:", then both lists.
        new("could not agree on a key exchange algorithm", "no-matching-kex", ClientStage.Kex),
        new("could not agree on a host key algorithm", "no-matching-hostkey", ClientStage.Kex),
        new("could not agree on a hostkey algorithm", "no-matching-hostkey", ClientStage.Kex),
        new("could not agree on a cipher", "no-matching-cipher", ClientStage.Kex),
        new("could not agree on a MAC", "no-matching-mac", ClientStage.Kex),
        new("Couldn't agree a key exchange algorithm", "no-matching-kex", ClientStage.Kex),
        new("Couldn't agree a host key algorithm", "no-matching-hostkey", ClientStage.Kex),
        new("cipher (available:", "no-matching-cipher", ClientStage.Kex),
        new("Couldn't agree a client-to-server cipher", "no-matching-cipher", ClientStage.Kex),
        new("Couldn't agree a server-to-client cipher", "no-matching-cipher", ClientStage.Kex),
        new("Couldn't agree a client-to-server MAC", "no-matching-mac", ClientStage.Kex),
        new("Couldn't agree a server-to-client MAC", "no-matching-mac", ClientStage.Kex),

        .. LibraryFailureRules.Negotiation,
        .. GenericWordings.Negotiation,

        // Host keys: the warning decides; the final line alone is weaker.
        new("REMOTE HOST IDENTIFICATION HAS CHANGED", "hostkey-changed", ClientStage.Kex),
        new("Offending ", "hostkey-changed", ClientStage.Kex, Strong: false),
        new("host key is known for", "hostkey-unknown", ClientStage.Kex),
        new("can't be established", "hostkey-unknown", ClientStage.Kex),
        new("The host key is not cached", "hostkey-unknown", ClientStage.Kex),
        .. LibraryFailureRules.HostKeys,
        .. GenericWordings.HostKeys,
        // Alone, the last line cannot tell an unknown key from a changed one.
        new("Host key verification failed", "hostkey-failed", ClientStage.Kex, Strong: false),
        // The host's certificate refused, or its key revoked (client.hostcert.status says which).
        // Weak: OpenSSH goes on to check the plain key, and its last words are about that.
        .. HostCertificateWords.Needles.Select(n => new FailureRule(n, "hostcert-invalid", ClientStage.Kex, Strong: false)),

        // The server's own disconnect reason 1 (SSH_DISCONNECT_HOST_NOT_ALLOWED_TO_CONNECT): it refuses this address.
        new("not allowed to connect", "host-not-allowed", null),
        new("HOST_NOT_ALLOWED_TO_CONNECT", "host-not-allowed", null),

        // A server that speaks only SSH protocol 1 (SSH-1.5): OpenSSH, paramiko, PuTTY wordings.
        new("Protocol major versions differ", "old-protocol", ClientStage.Banner),
        new("Incompatible version (1.", "old-protocol", ClientStage.Banner),
        new("remote only provides (old, insecure) SSH-1", "old-protocol", ClientStage.Banner),

        // Authentication.
        // The key or password was right and the account stage refused: the account or its password
        // expired (shadow, chage, PAM's own words), or the account is locked (passwd -l,
        // pam_faillock, pam_tally2). Before "Permission denied": PAM's words decide.
        new("Your account has expired", "account-expired", ClientStage.Auth),
        new("account has expired", "account-expired", ClientStage.Auth),
        new("Password change required but no TTY available", "account-expired", ClientStage.Auth),
        new("change your password immediately", "account-expired", ClientStage.Auth),
        new("password has expired", "account-expired", ClientStage.Auth),
        new("account is locked", "account-expired", ClientStage.Auth),
        new("Account locked due to", "account-expired", ClientStage.Auth),
        // sssd's and Windows' wordings ("Password expired. Change your password now.", "The
        // password for this account has expired and must be changed"), and the NT status codes a
        // Windows sshd logs for an account that is locked out, expired or disabled, or whose
        // password expired or must change.
        new("Password expired. Change your password", "account-expired", ClientStage.Auth),
        new("has expired and must be changed", "account-expired", ClientStage.Auth),
        new("0xC0000234", "account-expired", ClientStage.Auth),
        new("0xC0000193", "account-expired", ClientStage.Auth),
        new("0xC0000071", "account-expired", ClientStage.Auth),
        new("0xC0000224", "account-expired", ClientStage.Auth),
        new("0xC0000072", "account-expired", ClientStage.Auth),
        new("PASSWD_CHANGEREQ", "account-expired", ClientStage.Auth),
        // SSH.NET before 2016.1 did not know the server's password-change request (message 60
        // during password authentication) and failed with this.
        new("Message type 60 is not valid", "account-expired", ClientStage.Auth),
        // Without its last word: logs that wrap long lines (VS Code's) cut "failures" in two.
        new("Too many authentication fail", "too-many-auth-failures", ClientStage.Auth),
        new("Permission denied (", "permission-denied", ClientStage.Auth),
        new("No supported authentication method", "permission-denied", ClientStage.Auth),
        new("Server refused our key", "permission-denied", ClientStage.Auth, Strong: false),
        // The client could not even load its key (bad format, line endings, permissions): nothing usable was offered.
        new("Load key \"", "permission-denied", ClientStage.Auth, Strong: false),
        // "Permissions 0644 for '/home/u/.ssh/id_rsa' are too open." (under the UNPROTECTED PRIVATE
        // KEY FILE banner, which does not say whose key): the same words about sshd's host key are sshd's.
        new("are too open", "permission-denied", ClientStage.Auth, Strong: false),
        new("Permission denied, please try again", "permission-denied", ClientStage.Auth, Strong: false),
        // Vagrant's retry warning: as strong as its other two ("Remote connection disconnect",
        // "Connection timeout"), so the latest of them says where the machine's login stands.
        new("Warning: Authentication failure. Retrying", "permission-denied", ClientStage.Auth),
        // OpenSSH 8.8+ will not sign with SHA-1 (ssh-rsa) and the server offers nothing better.
        new("no mutual signature supported", "permission-denied", ClientStage.Auth, Strong: false),
        // The client's own key could not sign (a system crypto policy that forbids SHA-1, a key the
        // library cannot use): "sign_and_send_pubkey: signing failed for RSA ...: error in libcrypto".
        new("sign_and_send_pubkey: signing failed", "permission-denied", ClientStage.Auth, Strong: false),
        // After the key lines above: OpenSSL refused to verify the server's signature, most often
        // a crypto policy (RHEL 9, Fedora 41+) forbidding SHA-1 against a server that signs only
        // with ssh-rsa ("ssh_dispatch_run_fatal: Connection to H port 22: error in libcrypto").
        // Weak: the library fails this way for other reasons too.
        new("error in libcrypto", "no-matching-hostkey", ClientStage.Kex, Strong: false),

        .. LibraryFailureRules.Logins,

        // The server, after login: out of processes, memory or disk.
        new("fork: retry: Resource temporarily unavailable", "server-resources", ClientStage.Session),
        new("fork: Resource temporarily unavailable", "server-resources", ClientStage.Session),
        // sshd's own disconnect when it cannot start the session's process ("fork failed: ...").
        new("fork failed", "server-resources", ClientStage.Session),
        new("couldn't fork child process", "server-resources", ClientStage.Session),
        new("Cannot allocate memory", "server-resources", ClientStage.Session),
        new("shell request failed on channel", "server-resources", ClientStage.Session, Strong: false),
        new("No space left on device", "no-space", ClientStage.Session),
        // SFTP version 5 and later name it (SSH_FX_NO_SPACE_ON_FILESYSTEM, 14): FileZilla's and
        // WinSCP's "No space available", and the constant as libraries print it.
        new("NO_SPACE_ON_FILESYSTEM", "no-space", ClientStage.Session),
        new("No space available", "no-space", ClientStage.Session),
        new("Disk quota exceeded", "no-space", ClientStage.Session),
        new("database or disk is full", "no-space", ClientStage.Session),

        // Sessions.
        new("administratively prohibited", "forwarding-refused", ClientStage.Session),
        // VS Code Remote-SSH: its forward to the server it started was closed ("Failed to set up
        // socket for dynamic port forward to remote port N: Socket closed. TCP port forwarding may
        // be disabled").
        new("Failed to set up socket for dynamic port forward", "forwarding-refused", ClientStage.Session),
        .. GenericWordings.Forwarding,
        // net-ssh's ChannelOpenFailed prints the server's description and reason code: OpenSSH's
        // "open failed" with 1 (SSH_OPEN_ADMINISTRATIVELY_PROHIBITED) is the same refusal.
        new("open failed (1)", "forwarding-refused", ClientStage.Session),
        // node's ssh2: "(SSH) Channel open failure: open failed", the server's description alone.
        new("Channel open failure: open failed", "forwarding-refused", ClientStage.Session),
        new("Session open refused", "session-open-failed", ClientStage.Session),
        new("subsystem request failed", "subsystem-failed", ClientStage.Session),
        // FileZilla: the SFTP channel ended before the first SFTP reply (no sftp-server to run).
        new("Received unexpected end-of-file from SFTP server", "subsystem-failed", ClientStage.Session),
        // The login worked and the account has no shell to run: nologin's own words, and what
        // sshd says for an account whose ForceCommand is internal-sftp.
        new("This account is currently not available", "no-shell", ClientStage.Session),
        // util-linux's nologin before 2.34 rejects the "-c" that sshd runs a command with, and
        // prints its usage ("nologin: invalid option -- 'c'", "Politely refuse a login.").
        new("nologin: invalid option", "no-shell", ClientStage.Session),
        new("Politely refuse a login", "no-shell", ClientStage.Session),
        new("This service allows sftp connections only", "no-shell", ClientStage.Session),
        // MySecureShell's refusal; Bitbucket's greeting says the same after a login that worked
        // (LogFacts.NoShellByDesign), which is no failure.
        new("Shell access is disabled", "no-shell", ClientStage.Session),
        // Restricted shells that take only a fixed list of commands, refusing the one sent (a
        // backup tool's, an `echo` test): a storage box's "Command not found. Use 'help' to get a
        // list of available commands.", lshell's "forbidden command", rssh's and rbash's words.
        new("Use 'help' to get a list of available commands", "no-shell", ClientStage.Session),
        new("forbidden command", "no-shell", ClientStage.Session),
        new("This account is restricted by rssh", "no-shell", ClientStage.Session),
        new("restricted: cannot specify", "no-shell", ClientStage.Session),
        // The login worked and the server would not give the session a terminal: OpenSSH's and
        // PuTTY's words. A git host's greeting after it means no shell by design (LogFacts).
        new("PTY allocation request failed", "pty-refused", ClientStage.Session),
        new("Server refused to allocate pty", "pty-refused", ClientStage.Session),
        // Go's x/crypto/ssh (RequestPty).
        new("pty-req failed", "pty-refused", ClientStage.Session),
        // paramiko's traceback through Channel.get_pty: the server answered the pty request by
        // failing it or closing the channel. Weak: the exception line under it may say more.
        new(", in get_pty", "pty-refused", ClientStage.Session, Strong: false),
        .. GenericWordings.Pty,
        // The remote shell printed text before the transfer program spoke: the client read it as
        // protocol (sftp's length, rsync's version, legacy scp's header).
        new("SFTP packet. Max supported packet size", "shell-output", ClientStage.Session),
        // Go's pkg/sftp (and the tools on it): the server's first SFTP packet was text.
        new("version packet from server: packet too long", "shell-output", ClientStage.Session),
        new("is your shell clean", "shell-output", ClientStage.Session),
        // VS Code Remote-SSH could not find the port in what its install script printed: most often
        // a startup file printed first. Weak: an ssh failure before it says more.
        new("Failed to parse remote port", "shell-output", ClientStage.Session, Strong: false),
        new("protocol error: mtime.sec not delimited", "shell-output", ClientStage.Session),
        new("protocol error: unexpected <newline>", "shell-output", ClientStage.Session),
        // node ssh2's and paramiko's SFTP clients, and Ansible's file transfer over paramiko.
        new("exceeds max length of", "shell-output", ClientStage.Session),
        new("Garbage packet received", "shell-output", ClientStage.Session),
        new("failed to open a SFTP connection", "shell-output", ClientStage.Session, Strong: false),
        new("sftp-server: not found", "subsystem-failed", ClientStage.Session),
        new("sftp-server: No such file", "subsystem-failed", ClientStage.Session),
        new("Unable to start subsystem", "subsystem-failed", ClientStage.Session),
        // libssh2 (curl, PHP, chromeos-filesystem-sftp): the sftp subsystem could not be started.
        new("Unable to init SFTP session", "subsystem-failed", ClientStage.Session),
        new("Unable to startup SFTP session", "subsystem-failed", ClientStage.Session),
        new("Unable to request SFTP subsystem", "subsystem-failed", ClientStage.Session),
        // WinSCP: the session opened, and no SFTP server answered in it.
        new("Cannot initialize SFTP protocol", "subsystem-failed", ClientStage.Session),
        new("session request failed", "session-open-failed", ClientStage.Session),
        new("open failed: ", "session-open-failed", ClientStage.Session),
        new("not responding.", "keepalive-timeout", ClientStage.Session),
        new("Broken pipe", "broken-pipe", ClientStage.Session),

        // Transport failures: where they happened depends on how far the log got.
        // Windows socket errors, as .NET and Win32 tools (SSH.NET, Posh-SSH, WinSCP) word them.
        new("actively refused it", "connection-refused", ClientStage.Connect),
        new("did not properly respond after a period of time", "connection-timed-out", null),
        new("forcibly closed by the remote host", "connection-reset", null),
        new("established connection was aborted", "connection-reset", null),
        new("No such host is known", "name-not-resolved", ClientStage.Connect),
        new("Connection refused", "connection-refused", ClientStage.Connect),
        .. LibraryFailureRules.Sockets,
        .. GenericWordings.PortChecks,
        .. LibraryFailureRules.Closes,
        .. LocalizedSocketErrors.Rules,
        // paramiko's NoValidConnectionsError, raised only when every address refused the connect
        // or was unreachable: "[Errno None] Unable to connect to port 22 on 10.0.0.5". Refusal is the usual one.
        new("Unable to connect to port", "connection-refused", ClientStage.Connect),
        new("Software caused connection abort", "connection-reset", null),
        new("Software caused a connection abort", "connection-reset", null),
        new("Connection reset", "connection-reset", null),
        new("Connection timed out", "connection-timed-out", null),
        .. LibraryFailureRules.Timeouts,
        new("Operation timed out", "connection-timed-out", null),
        // Libraries that gave up waiting for the server: SSH.NET reading the identification line,
        // node's ssh2 for the whole handshake. How far it got (banner, or key exchange) decides.
        new("Socket read operation has timed out", "stalled", null),
        new("Timed out while waiting for handshake", "stalled", null),
        new("No route to host", "no-route", ClientStage.Connect),
        new("Network is unreachable", "no-route", ClientStage.Connect),
        new("Connection closed by remote host", "closed-by-remote", null),
        // Vagrant's retries while it waits for the guest's sshd ("Warning: ... Retrying...").
        new("Remote connection disconnect", "closed-by-remote", null),
        new("Warning: Connection timeout", "connection-timed-out", null),
        // Google's IAP tunnel could not open its TCP connection to the machine's port (code
        // 4003): a connect that timed out, behind the proxy.
        new("failed to connect to backend", "connection-timed-out", ClientStage.Connect),
        // Packer's SSH communicator gave up waiting for the machine to accept SSH at all.
        new("Timeout waiting for SSH", "connection-timed-out", null),
        new("unexpectedly closed network connection", "closed-by-remote", null),
        new("Connection closed by ", "closed-by-remote", null),
        new("closed by remote host", "closed-by-remote", ClientStage.Session),

        // sshd's own log pasted with (or instead of) the client's output: what the client saw.
        .. ServerLogLines.Rules,

        .. GenericWordings.Others,

        // Wrappers (scp, sftp, rsync, git) that only say the ssh underneath failed.
        new("lost connection", "other", null, Strong: false),
        new("Connection closed", "closed-by-remote", null, Strong: false),
        new("Could not read from remote repository", "other", null, Strong: false),
        // paramiko: the banner read failed; an EOFError under it is a close, else it timed out.
        new("EOFError", "closed-by-remote", null, Strong: false),
        new("Error reading SSH protocol banner", "stalled", ClientStage.Banner, Strong: false),
    ];

    /// <summary>A failure the rules do not name.</summary>
    public static readonly FailureRule Other = new("", "other", null);

    public static FailureRule? Find(string line) => Find(line, All);

    /// <summary>The first of <paramref name="rules"/> whose needle the line contains.</summary>
    public static FailureRule? Find(string line, IReadOnlyList<FailureRule> rules)
    {
        foreach (var rule in rules)
        {
            if (rule.Matches(line))
            {
                return rule.Reading?.Invoke(line) is { } error && error != rule.Error ? rule with { Error = error } : rule;
            }
        }

        return null;
    }
}
