using System.Collections.Frozen;
using static SshBot.Diagnostics.Observations.ObservationKind;

namespace SshBot.Diagnostics.Observations;

/// <summary>
/// Every observation key a probe may write and a knowledge-base rule may read, in one place.
/// The knowledge-base linter rejects rules naming a key that is not here, and
/// <see cref="ObservationSet"/> refuses writes of unknown keys or of the wrong kind.
/// A list value is matched element by element (see the knowledge-base format).
/// </summary>
public static class ObservationVocabulary
{
    /// <summary>Status value every stage-level status key may take when its stage did not run.</summary>
    public const string NotRun = "not-run";

    private static readonly string[] StageStatus = ["ok", "failed", "skipped", "timeout", "unavailable", "not-permitted", "error", NotRun];

    private static readonly ObservationKey[] Declared =
    [
        // target.*: what was asked for, after parsing.
        new("target.host", Text, "The host as given, after parsing (name or address literal)."),
        new("target.port", Number, "The TCP port probed."),
        new("target.user", Text, "The user named in the target, if any."),
        new("target.kind", Text, "Whether the host was a DNS name or an address literal.", ["name", "ipv4", "ipv6"]),

        // dns.*: the resolve stage.
        new("dns.status", Text, "Outcome of name resolution: resolved, the name does not exist (nxdomain), the server failed (servfail), no answer in time, a name with no A/AAAA records, or an address literal that needed none.",
            ["resolved", "nxdomain", "servfail", "timeout", "no-address", "literal", "error"]),
        new("dns.addresses", List, "Every A and AAAA address the name resolved to, normalised."),
        new("dns.error", Text, "The resolver's error message, when resolution failed."),
        new("dns.ms", Number, "Milliseconds the resolver took."),

        // tcp.*: the connect stage.
        new("tcp.status", Text, "Outcome of the TCP connect to the validated address: connected; refused (an RST or ICMP port-unreachable came back); timeout (no answer at all: a silent drop); unreachable (ICMP host/network unreachable or admin-prohibited, or ARP failed: see tcp.ms and tcp.error); reset; another error.",
            ["connected", "refused", "timeout", "unreachable", "reset", "error"]),
        new("tcp.address", Text, "The address the connect outcome refers to (the first that connected, else the last tried)."),
        new("tcp.error", Text, "The socket error name for a failed connect (ConnectionRefused, HostUnreachable, NetworkUnreachable, HostDown, TimedOut, ConnectionReset, ...)."),
        new("tcp.ms", Number, "Milliseconds from SYN to the outcome. An unreachable answer within tens of ms is an ICMP reply from a router or firewall; one after about 3 s is a failed ARP: nobody has the address."),
        new("tcp.attempts", List, "Each address tried, with its outcome and time, e.g. '198.18.0.2 refused 0ms'."),
        new("tcp.failed_addresses", List, "Addresses of the name that failed before one connected, each with its outcome and time, e.g. '198.18.0.9 timeout 5000ms' (a dead address ssh tries first)."),
        new("tcp.loss_check", Text, "After a connect timed out, whether a few more connects to the same address got an answer (answered: SYNs are being lost, not all dropped) or not (silent).", ["answered", "silent"]),
        new("tcp.loss_check.answered", Number, "How many of the loss check's extra connects were answered."),
        new("tcp.loss_check.attempts", Number, "How many extra connects the loss check made."),
        new("tcp.timeout_ms", Number, "The connect timeout that applied, in milliseconds."),
        new("tcp.timeout_learned", Flag, "The connect timeout was learned from the round-trip times of other hosts in the same batch, not configured."),

        // ssh.banner.*: the identify stage (RFC 4253 section 4.2).
        new("ssh.banner.status", Text, "Outcome of reading the server's identification line: received; closed-before-banner (accepted, then closed with no identification); timeout (connected but silent); not-ssh (something else answered); reset (RST while waiting).",
            ["received", "closed-before-banner", "timeout", "not-ssh", "reset", "error"]),
        new("ssh.banner.line", Text, "The identification line exactly as sent, e.g. 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3'."),
        new("ssh.banner.protocol", Text, "The protocol version from the identification line: 2.0, 1.99 or 1.5."),
        new("ssh.banner.software", Text, "The software version field, e.g. 'OpenSSH_9.2p1'."),
        new("ssh.banner.product", Text, "The product name from the software field, e.g. 'OpenSSH', 'dropbear', 'libssh'."),
        new("ssh.banner.version", Number, "The product's major.minor version as a number, e.g. 9.2, when it could be read."),
        new("ssh.banner.comments", Text, "The comments after the software version, e.g. 'Debian-2+deb12u3'."),
        new("ssh.banner.pre_lines", List, "Lines the server sent before its identification line (sshd writes 'Exceeded MaxStartups' here before closing)."),
        new("ssh.banner.reply", Text, "The first bytes of a reply that was not SSH, made printable (e.g. 'HTTP/1.1 400 Bad Request')."),
        new("ssh.banner.first_bytes", Text, "The first bytes the server sent, in hex and as printable text (e.g. '15 03 03 00 02 02 46 |......F|' for a TLS alert), when it did not identify itself."),
        new("ssh.banner.first_kind", Text, "What the server's first bytes look like when it did not identify itself: a TLS record, an HTTP reply, binary bytes no text line may hold, or text.", ["tls", "http", "binary", "text"]),
        new("ssh.banner.tls_check", Text, "After a close or reset with no byte sent, what one more connection opening with a TLS ClientHello got: a TLS record (the port is TLS), an SSH banner, a close, silence, or other bytes.", ["tls", "ssh", "closed", "silent", "other"]),
        new("ssh.banner.ms", Number, "Milliseconds from connect to the identification line or to the failure."),

        // ssh.kex.*: the negotiate stage (RFC 4253 section 7.1).
        new("ssh.kex.status", Text, "Outcome of reading the server's KEXINIT: received; closed (connection closed first); timeout; malformed (a packet that breaks RFC 4253 framing: see ssh.kex.error); disconnect (the server sent SSH_MSG_DISCONNECT); reset.",
            ["received", "closed", "timeout", "malformed", "disconnect", "reset", "error"]),
        new("ssh.kex.error", Text, "Why the server's packet was rejected, or the server's disconnect message."),
        new("ssh.kex.kex", List, "The server's key-exchange algorithms, in its order of preference."),
        new("ssh.kex.hostkey", List, "The server's host key algorithms."),
        new("ssh.kex.cipher_c2s", List, "The server's ciphers, client to server."),
        new("ssh.kex.cipher_s2c", List, "The server's ciphers, server to client."),
        new("ssh.kex.mac_c2s", List, "The server's MACs, client to server."),
        new("ssh.kex.mac_s2c", List, "The server's MACs, server to client."),
        new("ssh.kex.compression_c2s", List, "The server's compression methods, client to server."),
        new("ssh.kex.compression_s2c", List, "The server's compression methods, server to client."),
        new("ssh.kex.mismatch.kex", List, "Client profiles (openssh-current, openssh-7.4, putty-0.7x, windows-openssh) that share no key-exchange algorithm with the server."),
        new("ssh.kex.mismatch.hostkey", List, "Client profiles that share no host key algorithm with the server."),
        new("ssh.kex.mismatch.cipher", List, "Client profiles that share no cipher with the server (in either direction)."),
        new("ssh.kex.mismatch.mac", List, "Client profiles that share no MAC with the server (AEAD ciphers need none; counted only when no AEAD cipher is common)."),
        new("ssh.kex.ms", Number, "Milliseconds from sending the client KEXINIT to parsing the server's."),

        // ssh.auth.*: the authenticate stage (the bot's own login, an SSH.NET session in-process).
        new("ssh.auth.status", Text, "Outcome of the bot's own login: accepted; denied (no method succeeded); hostkey-unknown, hostkey-changed or hostcert-invalid (stopped before authenticating); unavailable (no identity configured); error.",
            ["accepted", "denied", "hostkey-unknown", "hostkey-changed", "hostcert-invalid", "unavailable", "error"]),
        new("ssh.auth.methods", List, "Authentication methods the server offered the bot (publickey, password, keyboard-interactive, ...); after an accepted login, the method that was accepted."),
        new("ssh.auth.failure_line", Text, "The line that says why the bot's login failed, worded as OpenSSH words it where it has words for it."),
        new("ssh.auth.banner", Text, "The pre-login banner the server sent the bot (sshd's Banner), first 1,000 characters."),
        new("ssh.auth.disconnect_code", Number, "The SSH disconnect reason code the server ended the bot's login with (2 protocol error, e.g. too many authentication failures; 14 no more methods)."),
        new("ssh.auth.hostcert.status", Text, "The server's host certificate against the bot's host CA: valid, expired, not-yet-valid, principal-mismatch, no-principals, revoked, not-host or unknown-ca.",
            ["valid", "expired", "not-yet-valid", "principal-mismatch", "no-principals", "revoked", "not-host", "unknown-ca"]),
        new("ssh.auth.hostcert.principals", List, "The host names the server's host certificate is valid for."),
        new("ssh.auth.hostcert.valid_after", Text, "The start of the host certificate's validity (yyyy-MM-ddTHH:mm:ssZ, or always)."),
        new("ssh.auth.hostcert.valid_before", Text, "The end of the host certificate's validity (yyyy-MM-ddTHH:mm:ssZ, or forever)."),
        new("ssh.auth.hostcert.key_id", Text, "The host certificate's key id and serial."),
        new("ssh.auth.usercert.status", Text, "The bot's own user certificate (Ssh:CertificateFile) against the clock: valid, expired or not-yet-valid.", ["valid", "expired", "not-yet-valid"]),
        new("ssh.auth.usercert.valid_before", Text, "The end of the bot's user certificate's validity (yyyy-MM-ddTHH:mm:ssZ, or forever)."),
        new("ssh.auth.hostkey.fingerprint", Text, "The SHA256 fingerprint of the host key the server presented."),
        new("ssh.auth.hostkey.status", Text, "The presented host key against the bot's known_hosts: known, unknown or changed.", ["known", "unknown", "changed"]),
        new("ssh.auth.hostkey.history", Text, "What the bot knew of a changed key: 'seen-before' (a key this host used earlier) or 'never-seen'.", ["seen-before", "never-seen"]),
        new("ssh.auth.hostkey.last_seen", Text, "For a changed key seen before: the date (yyyy-MM-dd, UTC) the bot last saw this host present it as its trusted key."),

        // host.*: the inspect stage (a fixed read-only script run on the host).
        new("host.inspect.status", Text, "Whether the on-host inspection ran.", StageStatus),
        new("host.sshd.running", Flag, "An sshd process is running."),
        new("host.sshd.listening", Flag, "Something listens on the probed port on the host."),
        new("host.sshd.config_file", Text, "The config file the listening sshd was started with."),
        new("host.sshd.config_valid", Flag, "`sshd -t` on that config file succeeds."),
        new("host.sshd.config_error", Text, "What `sshd -t` printed when the config is invalid."),
        new("host.sshd.maxstartups", Text, "Effective MaxStartups (start:rate:full)."),
        new("host.sshd.maxsessions", Number, "Effective MaxSessions."),
        new("host.sshd.clientaliveinterval", Number, "Effective ClientAliveInterval in seconds (0 = off)."),
        new("host.sshd.clientalivecountmax", Number, "Effective ClientAliveCountMax."),
        new("host.sshd.tcpkeepalive", Flag, "Effective TCPKeepAlive."),
        new("host.sshd.pubkeyauthentication", Flag, "Effective PubkeyAuthentication."),
        new("host.sshd.passwordauthentication", Flag, "Effective PasswordAuthentication."),
        new("host.sshd.allowusers", List, "Effective AllowUsers/AllowGroups/DenyUsers/DenyGroups entries, each prefixed with its directive."),
        new("host.sshd.log", List, "Recent sshd log lines (journal or auth.log)."),
        new("host.firewall.rules", List, "Firewall rules (nftables, iptables, ufw) that mention the probed port."),
        new("host.bans", List, "Addresses in ban sets (fail2ban jails, sshguard, nft sets) on the host."),
        new("host.client_banned", Flag, "The address of the client in question is in a ban set."),
        new("host.load.per_cpu", Number, "The 1-minute load average divided by the number of CPUs."),
        new("host.memory.available_pct", Number, "Memory available as a percentage of total."),
        new("host.fd.used_pct", Number, "Open file descriptors as a percentage of the system limit."),
        new("host.disk.max_used_pct", Number, "The highest use percentage (blocks or inodes) of /, /var, /tmp and the home filesystem."),
        new("host.disk.full", List, "Filesystems at or above 98% use (blocks or inodes), e.g. '/var 100%'."),
        new("host.oom.kills", Number, "OOM-killer kills in the recent kernel log."),
        new("host.sessions.max_per_connection", Number, "The most sessions open on one connection now."),
        new("host.tcp_keepalive.time", Number, "net.ipv4.tcp_keepalive_time in seconds."),
        new("host.tcp_keepalive.intvl", Number, "net.ipv4.tcp_keepalive_intvl in seconds."),
        new("host.tcp_keepalive.probes", Number, "net.ipv4.tcp_keepalive_probes."),
        new("host.knock.configured", Flag, "A port-knocking daemon (knockd, fwknop) or knock rules are present."),
        new("host.inspect.unavailable", List, "Inspection checks that could not run, each with why, e.g. 'firewall-nft: not-permitted exit 1', 'bans-fail2ban: missing fail2ban-client'."),

        // path.*: the path stage.
        new("path.status", Text, "Whether the path checks ran.", StageStatus),
        new("path.loss_pct", Number, "Percentage of repeated connects that got no answer."),
        new("path.rtt_ms", Number, "Median connect round-trip time in milliseconds."),
        new("path.jitter_ms", Number, "Spread of connect round-trip times (p90 - p10) in milliseconds."),
        new("path.banner.received", Number, "Path connects on which the server sent its identification line before the bot closed them."),
        new("path.banner.refused", Number, "Path connects the server accepted and then closed or reset before identifying itself (sshd past MaxStartups drops connections so)."),
        new("path.banner.pre_lines", List, "Lines the server sent instead of its identification line on path connects it dropped, e.g. 'Exceeded MaxStartups'."),
        new("path.mtu", Number, "The largest packet size that crossed the path with DF set."),
        new("path.mtu.status", Text, "Path MTU result: ok, blackhole (large DF packets vanish with no ICMP), or unavailable.", ["ok", "blackhole", "unavailable"]),
        new("path.mtu.detail", Text, "What the path MTU check saw, in words: the sizes that passed and vanished, or why the check could not run."),
        new("path.midstream_reset", Flag, "An established session was reset by something on the path after the handshake."),

        // client.*: parsed from the user's own `ssh -v` output or PuTTY log.
        new("client.product", Text, "The user's client: OpenSSH, PuTTY, Windows OpenSSH, ..."),
        new("client.version", Text, "The user's client version as printed, e.g. 'OpenSSH_8.9p1'."),
        new("client.host", Text, "The host the user's log connected to."),
        new("client.port", Number, "The port the user's log connected to."),
        new("client.user", Text, "The user the log authenticated as."),
        new("client.stage", Text, "How far the user's connection got (config: the client stopped on its own configuration before connecting).", ["config", "resolve", "connect", "banner", "kex", "auth", "session"]),
        new("client.error", Text, "The user's failure, classified. no-matching-algorithm: the negotiation found nothing in common and the client does not say which list (Go's old 'ssh: no common algorithms', JSch's bare 'Algorithm negotiation fail', libssh2's 'Unable to exchange encryption keys'); dead-address: one of the host's addresses failed in a verbose log ('connect to address A port 22: No route to host') and ssh connected on another, with nothing failing after (client.failed_addresses lists them); keepalive-timeout: the client gave up on a server that stopped answering mid-session ('Timeout, server X not responding.'); not-ssh: what answered is not an SSH server (invalid banner, a decoded non-SSH packet); stalled: a verbose log that stops at a step with no error (a hang), or a library that gave up waiting for the server (SSH.NET's 'Socket read operation has timed out', ssh2's 'Timed out while waiting for handshake', paramiko's 'Error reading SSH protocol banner'), or OpenSSH's packet timeout after the banners ('Connection to H port 22 timed out'); forwarding-refused: a forwarded channel (jump host, -L, -W) was refused ('administratively prohibited'); subsystem-failed: the login worked but the server could not start the SFTP subsystem (scp on OpenSSH 9+ uses it), or sftp was closed by the server right after the login, before any SFTP reply; hostkey-failed: 'Host key verification failed' with nothing saying whether the key was unknown or changed; server-resources: the server could not fork or allocate for the session (the session's shell, or sshd's own log pasted: 'fork of unprivileged child failed'); ip-banned: the host's ban tool logged banning an address (fail2ban's '[sshd] Ban A', sshguard's 'Blocking A', CSF, DenyHosts) in a pasted log; no-space: the server's disk (or the user's quota) is full; host-not-allowed: the server's own disconnect says this host may not connect (reason 1); old-protocol: the server speaks only SSH protocol 1; mac-corrupted: the first encrypted packet failed its MAC check ('Corrupted MAC on input'), or the server's signature over the key exchange did not verify ('key_verify failed for server_host_key', 'incorrect signature'): a known bug of some client or server builds; hostcert-invalid: the client refused the server's host certificate or found its key revoked (client.hostcert.status says why); shell-output: text the remote login shell printed was read as sftp, scp or rsync protocol ('Received message too long', 'is your shell clean?'); client-config: the user's own ssh configuration stopped the client before it connected ('Bad configuration option' in ~/.ssh/config or ssh_config, 'Bad owner or permissions on ~/.ssh/config', a ProxyCommand Windows cannot start); client-build: the user's ssh does not run with the OpenSSL library installed ('OpenSSL version mismatch'); no-shell: the login worked but the account has no shell to run ('This account is currently not available.', 'This service allows sftp connections only.', MySecureShell's 'Shell access is disabled'), not counted when a git host's greeting shows it has none by design; account-expired: the credentials were right and the account stage refused: the account or its password expired, or the account is locked ('Your account has expired', 'Password change required but no TTY available', 'account is locked'); pty-refused: the login worked and the server would not allocate a terminal ('PTY allocation request failed', PuTTY's 'Server refused to allocate pty'), not counted when a git host's greeting shows it has no shell by design.",
            ["name-not-resolved", "connection-refused", "connection-timed-out", "no-route", "connection-reset", "closed-by-remote", "banner-timeout",
             "no-matching-kex", "no-matching-hostkey", "no-matching-cipher", "no-matching-mac", "no-matching-algorithm", "hostkey-changed", "hostkey-unknown",
             "permission-denied", "too-many-auth-failures", "broken-pipe", "keepalive-timeout", "dead-address", "session-open-failed", "other",
             "not-ssh", "stalled", "forwarding-refused", "subsystem-failed", "hostkey-failed", "server-resources", "no-space", "host-not-allowed", "old-protocol", "mac-corrupted", "hostcert-invalid", "shell-output", "client-config", "no-shell", "account-expired", "pty-refused", "client-build", "ip-banned"]),
        new("client.server_log", List, "sshd's own log lines pasted with the user's output (journalctl, auth.log): the server's reasons, read as host.sshd.log is, but from the paste."),
        new("client.hostcert.status", Text, "Why the user's client refused the server's host certificate ('Certificate invalid: expired', Go's 'not in the set of valid principals'), or that a revocation list names the host's key: the values of ssh.auth.hostcert.status.",
            ["expired", "not-yet-valid", "principal-mismatch", "no-principals", "revoked"]),
        new("client.failure_line", Text, "The exact failure line from the user's log."),
        new("client.offered.kex", List, "Key-exchange algorithms the user's client offered."),
        new("client.offered.hostkey", List, "Host key algorithms the user's client offered."),
        new("client.offered.cipher", List, "Ciphers the user's client offered."),
        new("client.offered.mac", List, "MACs the user's client offered."),
        new("client.their_offer", List, "The server's algorithms as the user's client quoted them when negotiation failed ('Their offer: ...')."),
        new("client.auth.methods_offered", List, "Methods the server said can continue, from the user's log."),
        new("client.auth.methods_tried", List, "Methods the user's client tried."),
        new("client.idle_drop", Flag, "The user's session died after being idle (false: the output shows a failure of another shape)."),
        new("client.transfer_hang", Flag, "The user's session hung during a large transfer or large output."),
        new("client.last_step", Text, "The last handshake step a verbose log reached: where it stopped is evidence (a log that ends expecting the key-exchange reply is a path-MTU black hole).",
            ["connecting", "connected", "sent-version", "got-version", "sent-kexinit", "got-kexinit", "expecting-kex-ecdh-reply", "expecting-kex-dh-reply", "expecting-newkeys", "authenticating", "authenticated", "session"]),
        new("client.pre_banner_lines", List, "Lines the server sent before its identification, as the user's client printed them (e.g. 'Exceeded MaxStartups'): the server's own words."),
        new("client.not_ssh_reply", Text, "What answered instead of SSH, as the client showed it (e.g. 'HTTP/1.1 400 Bad Request', a packet length that decodes to 'HTTP')."),
        new("client.authenticated", Flag, "The user's log shows a successful login ('Authenticated to', 'successfully authenticated', a shell prompt after login)."),
        new("client.port_service", Text, "The well-known service of the port the user's command or error names: ssh for 22, else a non-SSH one (https, http, rdp, ldaps, postgresql, ftp, ...); absent when the port says nothing."),
        new("client.host_scope", Text, "What the host in the user's log is: loopback (a local port forward), private, public, or a public-service (github.com, gitlab.com, ... : works for everyone else).",
            ["loopback", "private", "public", "public-service"]),
        new("client.server_software", Text, "The server's software as the user's client printed it ('remote software version OpenSSH_for_Windows_8.1', PuTTY's 'Server version: SSH-2.0-...')."),
        new("client.os", Text, "The operating system the user's client ran on, when the output shows it: macos (its ssh's 'OpenSSH_9.8p1, LibreSSL', /Users/ paths, Darwin, errno 65 for no route), windows (OpenSSH_for_Windows, C:\\Users\\ paths) or linux (a distribution's ssh build, /home/ paths).", ["macos", "windows", "linux"]),
        new("client.tool", Text, "The tool that ran ssh, as the output shows it: git, ansible, vscode, scp, sftp, rsync.", ["git", "ansible", "vscode", "scp", "sftp", "rsync"]),
        new("client.via_jump", Flag, "The user's connection went through a jump host or proxy command (-J, ProxyJump, ProxyCommand, 'UNKNOWN port 65535')."),
        new("client.failed_addresses", List, "Addresses of the host that failed in the user's verbose log ('connect to address A port 22: No route to host') before another connected, when nothing failed after (client.error is then dead-address): each as 'ADDRESS REASON'."),
        new("client.name_has_ipv6", Flag, "The user's log shows the host's name with an IPv6 address: ssh connecting to the name at one ('Connecting to web-01 [2001:db8::5] port 22.'), or a resolver's answer pasted beside it (host's 'has IPv6 address', dig's AAAA). Set only when shown."),
        new("client.works_with_sudo", Flag, "The paste shows the failed command run again under sudo (or doas), to the same host, and working: a permission of the user's own process stopped the first (macOS's Local Network privacy), not the network. False when the route was refused and the paste shows no such run."),
        new("client.failed_hop", Text, "Through a jump host, which hop failed: the jump host itself, or the target as reached from the jump host.", ["jump", "target"]),

        // vantage.*: where the probes ran from, when zones are configured (agents over NATS).
        new("vantage.status", Text, "Where the diagnosis ran: on a zone's agent; nowhere, because no zone covers the target (none) or the zone's agents are all offline (offline) or none answered in time (no-result); or in several zones, compared.",
            ["agent", "none", "offline", "no-result", "compared"]),
        new("vantage.zone", Text, "The zone the diagnosis ran in, or would have run in."),
        new("vantage.agent", Text, "The agent that ran the diagnosis."),
        new("vantage.zones", List, "The zones configured (when none covers the target) or compared."),
        new("vantage.offline_since", Text, "When the zone's last agent was last heard from (UTC, ISO 8601), or 'never'."),
        new("vantage.reachable_from", List, "Compared zones whose connect reached the port."),
        new("vantage.dropped_from", List, "Compared zones whose SYN went unanswered (a silent drop)."),
        new("vantage.reset_from", List, "Compared zones where the connection was refused or reset (at connect, before the banner or during key exchange)."),
        new("vantage.unreachable_from", List, "Compared zones that got an ICMP unreachable or had no route."),
        new("vantage.verdicts", List, "Each compared zone's own outcome, e.g. 'dc1: tcp connected, banner received'."),

        // report.*: what the user said in words.
        new("report.idle_drop", Flag, "The user says the session drops when idle."),
        new("report.transfer_hang", Flag, "The user says it hangs on large output or transfers."),
        new("report.intermittent", Flag, "The user says it fails only sometimes."),
        new("report.client_address", Text, "The address the user connects from, as they gave it (--from), normalised; ban sets are checked against it."),
    ];

    private static readonly FrozenDictionary<string, ObservationKey> ByName =
        Declared.ToFrozenDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>All declared keys, in declaration order (grouped by stage).</summary>
    public static IReadOnlyList<ObservationKey> All => Declared;

    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ObservationKey? key) =>
        ByName.TryGetValue(name, out key);

    /// <summary>The declared key, or an exception naming the unknown key (a programming error).</summary>
    public static ObservationKey Get(string name) =>
        ByName.TryGetValue(name, out var key) ? key : throw new KeyNotFoundException($"'{name}' is not in the observation vocabulary.");
}
