namespace SshBot.Diagnostics.ClientLogs;

/// <summary>
/// Lines of sshd's own log in a paste (journalctl, auth.log, Event Viewer copied next to the
/// client's output): the server saying why, which the client never hears. They become
/// <c>client.server_log</c>, read by the same article conditions as the bot's own look at the
/// host's log (<c>host.sshd.log</c>), and marked as coming from the paste.
/// </summary>
internal static class ServerLogLines
{
    /// <summary>The most lines kept: the reasons are near the failure, and a paste can be a whole journal.</summary>
    public const int Most = 20;

    private static readonly string[] Processes = ["sshd[", "sshd-session[", "sshd-auth[", "sshd: ", "sshd-session: "];

    /// <summary>What only sshd says, with or without a journal prefix.</summary>
    private static readonly string[] Phrases =
    [
        "[preauth]", "refused connect from", "not allowed because", "Authentication refused:", "past MaxStartups",
        "MaxStartups throttling", "no hostkeys available", "Could not load host key", "Unable to load host key", "/etc/ssh/ssh_host_", "Missing privilege separation directory",
        "Failed publickey for", "Failed password for",
        "maximum authentication attempts exceeded", "Timeout before authentication", "not in PubkeyAcceptedAlgorithms",
        // A configuration error is sshd's when it names sshd's file ("sshd -t": "/etc/ssh/sshd_config:
        // line 5: Bad configuration option"); the same words about ~/.ssh/config are the client's.
        "subsystem request for sftp", "Server listening on", "Accepted publickey for", "sshd_config",
    ];

    public static bool IsServerLine(string line) =>
        Processes.Any(p => line.Contains(p, StringComparison.Ordinal))
        || Phrases.Any(p => line.Contains(p, StringComparison.OrdinalIgnoreCase))
        || BansAnAddress(line);

    /// <summary>
    /// A ban tool's log on the host banning an address: fail2ban's "[sshd] Ban 203.0.113.10"
    /// (with or without its "fail2ban.actions" prefix), sshguard's "Blocking 203.0.113.10",
    /// CSF's "*Blocked in csf*", DenyHosts' "new denied hosts", and sshd's own PerSourcePenalties
    /// (OpenSSH 9.8+: "drop connection #0 from [A]:P on [B]:22 penalty: failed authentication").
    /// Every connection from that address is refused or dropped from then on, whatever the client
    /// says.
    /// </summary>
    public static bool BansAnAddress(string line) => BanLine.IsMatch(line);

    private static readonly System.Text.RegularExpressions.Regex BanLine = ClientLogParser.Pattern(
        @"\[[A-Za-z0-9_.-]{1,40}\] (?:Restore )?Ban [0-9A-Fa-f][0-9A-Fa-f.:]{2,44}\b|\bsshguard\b.{0,60}\b(?:Blocking|Blocked)\b|\bBlocking ""?[0-9A-Fa-f][0-9A-Fa-f.:/]{2,50}""?(?::[0-9]+)? (?:for|forever)\b|\*Blocked in csf\*|\bdenyhosts\b.{0,60}\bnew denied hosts?\b|\bdrop connection #[0-9]+ from .{1,120} penalty: ");

    // sshd (or the shell it starts) could not fork: out of memory or of processes.
    private static readonly System.Text.RegularExpressions.Regex ForkFailed = ClientLogParser.Pattern(
        @"\bfork\b.{0,60}\b(?:failed|Cannot allocate memory|Resource temporarily unavailable)|\bCannot allocate memory\b|\bout of memory\b");

    /// <summary>What the client saw, by an sshd line's words; only these rules read sshd's lines.</summary>
    public static FailureRule? Find(string line) => FailureRules.Find(line, Rules);

    /// <summary>
    /// What the client saw, by sshd's words. Weak: the client's own words win; client.server_log
    /// carries the reason to the articles.
    /// </summary>
    public static readonly FailureRule[] Rules =
    [
        // First: a ban decides, whatever else the log says of the logins that led to it.
        new("", "ip-banned", ClientStage.Connect, Strong: false) { Reading = line => BansAnAddress(line) ? "ip-banned" : null },
        new("refused connect from", "closed-by-remote", ClientStage.Banner, Strong: false),
        new("past MaxStartups", "closed-by-remote", ClientStage.Banner, Strong: false),
        new("MaxStartups throttling", "closed-by-remote", ClientStage.Banner, Strong: false),
        new("no hostkeys available", "closed-by-remote", ClientStage.Banner, Strong: false),
        new("Could not load host key", "closed-by-remote", ClientStage.Banner, Strong: false),
        new("Unable to load host key", "closed-by-remote", ClientStage.Banner, Strong: false),
        // sshd's own host key, left readable to others ("Permissions 0777 for '/etc/ssh/ssh_host_rsa_key' are too open").
        new("are too open", "closed-by-remote", ClientStage.Banner, Strong: false),
        new("Missing privilege separation directory", "closed-by-remote", ClientStage.Banner, Strong: false),
        new("Bad configuration option", "connection-refused", ClientStage.Connect, Strong: false),
        new("bad configuration options", "connection-refused", ClientStage.Connect, Strong: false),
        new("Bad SSH2 ", "connection-refused", ClientStage.Connect, Strong: false),
        // Any other complaint about a line of sshd's configuration ("/etc/ssh/sshd_config line 88:
        // Bad yes/no argument", "sshd_config.d/50-x.conf: line 3: Unsupported option"): sshd will not start.
        // A "Deprecated option" there is a warning, and sshd starts.
        new("sshd_config line ", "connection-refused", ClientStage.Connect, Strong: false, Unless: "Deprecated option"),
        new("sshd_config: line ", "connection-refused", ClientStage.Connect, Strong: false, Unless: "Deprecated option"),
        new(".conf line ", "connection-refused", ClientStage.Connect, Strong: false, Unless: "Deprecated option"),
        new(".conf: line ", "connection-refused", ClientStage.Connect, Strong: false, Unless: "Deprecated option"),
        new("maximum authentication attempts exceeded", "too-many-auth-failures", ClientStage.Auth, Strong: false),
        // The account stage refused a login that was otherwise right: sshd's and pam_unix's words
        // for an expired account or password, and a locked account. Before "not allowed because".
        new("because account is locked", "account-expired", ClientStage.Auth, Strong: false),
        new("account has expired", "account-expired", ClientStage.Auth, Strong: false),
        new("(account expired)", "account-expired", ClientStage.Auth, Strong: false),
        new("password has expired", "account-expired", ClientStage.Auth, Strong: false),
        new("expired password for user", "account-expired", ClientStage.Auth, Strong: false),
        new("Account locked due to", "account-expired", ClientStage.Auth, Strong: false),
        new("account temporarily locked", "account-expired", ClientStage.Auth, Strong: false),
        new("not allowed because", "permission-denied", ClientStage.Auth, Strong: false),
        // The client gave up on authentication: nothing the server offered was usable to it, or
        // it closed while authenticating (sshd logs both with [preauth]).
        new("No supported authentication methods available", "permission-denied", ClientStage.Auth, Strong: false),
        new("by authenticating user", "permission-denied", ClientStage.Auth, Strong: false),
        // The session could not have a terminal (no /dev/pts, no ptys left).
        new("openpty", "pty-refused", ClientStage.Session, Strong: false),
        new("session_pty_req", "pty-refused", ClientStage.Session, Strong: false),
        new("Authentication refused:", "permission-denied", ClientStage.Auth, Strong: false),
        new("not in PubkeyAcceptedAlgorithms", "permission-denied", ClientStage.Auth, Strong: false),
        new("Failed publickey for", "permission-denied", ClientStage.Auth, Strong: false),
        new("Failed password for", "permission-denied", ClientStage.Auth, Strong: false),
        new("", "server-resources", null, Strong: false) { Reading = line => ForkFailed.IsMatch(line) ? "server-resources" : null },
    ];
}
