using System.Text.RegularExpressions;

namespace SshBot.Diagnostics.ClientLogs;

/// <summary>
/// What a log shows beyond its failure line: the last handshake step, the server's own words
/// before its banner, a host certificate it refused, a login that worked, and whether the connection went through a jump host.
/// </summary>
internal sealed class LogFacts
{
    private static readonly string[] JumpMarkers =
    [
        "Executing proxy command", "Setting implicit ProxyCommand", "ProxyJump", "ProxyCommand", "UNKNOWN port 65535",
        "stdio forwarding failed", "channel_connect_stdio_fwd", "ssh_init_stdio_forwarding", "stdio-forward",
    ];

    /// <summary>Words that show which tool wrapped ssh, first match wins.</summary>
    private static readonly (string Marker, string Tool)[] ToolMarkers =
    [
        ("Could not read from remote repository", "git"), ("Cloning into", "git"), ("git@", "git"), ("git clone", "git"), ("git push", "git"), ("git fetch", "git"), ("git pull", "git"),
        ("UNREACHABLE!", "ansible"), ("Failed to connect to the host via ssh", "ansible"),
        ("remote-ssh", "vscode"), ("Remote-SSH", "vscode"), ("SSH Resolver called", "vscode"),
        ("scp:", "scp"), ("lost connection", "scp"), ("sftp>", "sftp"), ("rsync:", "rsync"),
    ];

    private static readonly string[] SessionRequestMarkers = ["mux_client", "Session open refused", "session request failed", "no more sessions", "ControlMaster"];

    /// <summary>
    /// What git hosts answer a login that worked, having no shell to give (GitHub, Gitea and
    /// CodeCommit say "successfully authenticated"; these are the others): GitLab, Bitbucket,
    /// gitolite, Gerrit, Azure DevOps, and the shared "does not provide shell access".
    /// </summary>
    private static readonly string[] GitHostGreetings =
    [
        "Welcome to GitLab, @", "You can use git to connect to Bitbucket", "authenticated via ssh key", "running gitolite",
        "you have successfully connected over SSH", "does not provide shell access", "Shell access is not supported",
    ];

    private static readonly string[] SuccessMarkers =
    [
        "Authenticated to ", "Authentication succeeded", "successfully authenticated", "Access granted", "Last login:",
        "Entering interactive session", "Authenticated using",
        // VS Code Remote-SSH's installer printing from the remote shell: the login worked.
        "Acquiring lock on /", "Found existing installation at /", "Downloading with wget", "Downloading with curl", "Starting VS Code Server",
    ];

    private static readonly Regex NewChannel = new(@"channel ([0-9]{1,6}): new (?:session )?\[([^\]]{1,40})\]", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
    private static readonly Regex FailedChannel = new(@"channel ([0-9]{1,6}): open failed", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
    private readonly Dictionary<string, string> _channels = new(StringComparer.Ordinal);
    // OpenSSH's verbose line when one of a name's addresses fails and it goes on to the next.
    private static readonly Regex AddressFailed = new(@"connect to address ([^\s]+) port [0-9]{1,5}: (.{1,120})$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
    private readonly List<string> _failedAddresses = [];

    /// <summary>Addresses that failed ("2604:1380::1 No route to host") before a later one connected, and the line of the first.</summary>
    public (List<string> Addresses, string Line)? Failover { get; private set; }

    private string? _firstFailedAddressLine;

    public string? LastStep { get; private set; }

    public string? ServerSoftware { get; private set; }

    public string? ServerSoftwareLine { get; private set; }

    public string? LastStepLine { get; private set; }

    public List<string> PreBannerLines { get; } = [];

    /// <summary>sshd's own log lines in the paste (<see cref="ServerLogLines"/>), at most <see cref="ServerLogLines.Most"/>.</summary>
    public List<string> ServerLines { get; } = [];

    public string? PreBannerLine { get; private set; }

    public string? NotSshReply { get; private set; }

    public string? NotSshLine { get; private set; }

    public string? SuccessLine { get; private set; }

    /// <summary>A git host's greeting: the login worked and the server has no shell (nor terminal) to give, by design.</summary>
    public bool NoShellByDesign { get; private set; }

    /// <summary>Why the client refused the host's certificate (or found its key revoked), and the line that says it.</summary>
    public (string Status, string Line)? HostCertificate { get; private set; }

    public string? JumpLine { get; private set; }

    public string? Tool { get; private set; }

    public string? ToolLine { get; private set; }

    /// <summary>The client's operating system, from the first line that shows it.</summary>
    public string? Os { get; private set; }

    public string? OsLine { get; private set; }

    /// <summary>The log shows an interactive session that ran (a login banner or a shell prompt), not just a login.</summary>
    public bool SessionRan { get; private set; }

    /// <summary>
    /// The current line when it is an FTP or SMTP server's reply quoting the identification line
    /// ("502 Invalid command "SSH-2.0-..."), or null.
    /// </summary>
    public string? LineRepliesToIdentification { get; private set; }

    /// <summary>The line read just before the current one.</summary>
    public string? LineBefore { get; private set; }

    private string? _current;

    public bool SessionRequests { get; private set; }

    /// <summary>sftp's subsystem answered: its "Connected to web-01." or its prompt ("sftp> ").</summary>
    public bool SftpStarted { get; private set; }

    /// <summary>The user answered ssh's question about an unknown host key with yes ("Warning: Permanently added ...").</summary>
    public bool HostKeyAccepted { get; private set; }

    /// <summary>
    /// The program the far side's shell could not find, and its line: "bash: line 1: borg:
    /// command not found", "sh: 1: borg: not found", "zsh:1: command not found: borg" (the
    /// numbered forms are a shell run with a command, as sshd runs it), an unnumbered one for a
    /// program only a remote end runs (git-upload-pack), and rsync and scp in any form when that
    /// tool's own failure follows. Never ssh's own programs, which only the user's side runs.
    /// The login worked; the program is missing there.
    /// </summary>
    public (string Command, string Line)? RemoteCommandMissing { get; private set; }

    private (string Command, string Line)? _missingUnconfirmed;

    /// <summary>
    /// A line showing the host's name with an IPv6 address: ssh connecting to a name at one
    /// ("Connecting to web-01 [2001:db8::5] port 22."), or a resolver's answer pasted beside it
    /// (host's "has IPv6 address", dig's AAAA record). Null when the log shows none.
    /// </summary>
    public string? NameWithIpv6Line { get; private set; }

    private static readonly Regex ResolvedToIpv6 = ClientLogParser.Pattern(@"\bhas IPv6 address ([0-9A-Fa-f:.]+)|\bIN\s+AAAA\s+([0-9A-Fa-f:.]+)");

    private void ReadIpv6(string line)
    {
        if (NameWithIpv6Line is not null || !line.Contains(':', StringComparison.Ordinal))
        {
            return;
        }

        if (ClientLogParser.ConnectingOpenSsh.Match(line) is { Success: true } connecting)
        {
            var (name, address) = (connecting.Groups[1].Value, connecting.Groups[2].Value);
            // A redacted address that still says its family ("[<ipv6>]") counts; a name that is
            // itself the address does not (nothing else to fail over to).
            var isIpv6 = IsIpv6(address) || address.Contains("ipv6", StringComparison.OrdinalIgnoreCase);
            if (isIpv6 && !System.Net.IPAddress.TryParse(name.Trim('[', ']'), out _))
            {
                NameWithIpv6Line = line;
            }
        }
        else if (ResolvedToIpv6.Match(line) is { Success: true } resolved && IsIpv6(resolved.Groups[1].Success ? resolved.Groups[1].Value : resolved.Groups[2].Value))
        {
            NameWithIpv6Line = line;
        }
    }

    private static bool IsIpv6(string text) =>
        System.Net.IPAddress.TryParse(text, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;

    private static readonly Regex ShellNotFound = ClientLogParser.Pattern(
        @"^-?(?:ba|da|a|k|mk)?sh: (?:line )?(?<n>[0-9]{1,6}: )?(?<cmd>[A-Za-z0-9_./+-]{1,80}): (?:command )?not found\b|^zsh:(?<n>[0-9]{1,6}): command not found: (?<cmd>[A-Za-z0-9_./+-]{1,80})");

    private static readonly string[] RemoteOnlyPrograms = ["git-upload-pack", "git-receive-pack", "git-upload-archive", "mosh-server"];

    // Programs only the user's side runs: a shell that cannot find them is the user's own.
    private static readonly string[] LocalPrograms = ["ssh", "sshpass", "ssh-keygen", "ssh-keyscan", "ssh-add", "ssh-agent", "ssh-copy-id", "autossh", "plink"];

    private void ReadMissingCommand(string line)
    {
        if (RemoteCommandMissing is not null)
        {
            return;
        }

        if (_missingUnconfirmed is { } candidate && line != candidate.Line
            && (line.StartsWith(candidate.Command + ": ", StringComparison.Ordinal) || line.StartsWith(candidate.Command + " error: ", StringComparison.Ordinal) || line.Trim() == "lost connection"))
        {
            RemoteCommandMissing = candidate;
            return;
        }

        if (ShellNotFound.Match(line) is not { Success: true } found || found.Groups["cmd"].Value.Contains("sftp-server", StringComparison.Ordinal))
        {
            // sftp-server missing is the SFTP subsystem's failure, read by its own rule.
            return;
        }

        var command = found.Groups["cmd"].Value;
        var program = command[(command.LastIndexOf('/') + 1)..];
        if (program is "rsync" or "scp")
        {
            // Missing on the user's side too ("bash -c" in a job), where the tool then never
            // runs: its own failure after the line says it ran and its far end is missing.
            _missingUnconfirmed = (program, line);
        }
        else if (!LocalPrograms.Contains(program) && (found.Groups["n"].Success || RemoteOnlyPrograms.Contains(program)))
        {
            RemoteCommandMissing = (command, line);
        }
    }

    public void Read(string line)
    {
        (LineBefore, _current) = (_current, line);
        if (LastSteps.Find(line) is { } step)
        {
            LastStep = step;
            LastStepLine = line;
            if (step == "connected" && _failedAddresses.Count > 0)
            {
                Failover = ([.. _failedAddresses], _firstFailedAddressLine!);
            }
        }

        if (line.Contains("connect to address ", StringComparison.Ordinal) && _failedAddresses.Count < 10
            && AddressFailed.Match(line) is { Success: true } failed)
        {
            _firstFailedAddressLine ??= line;
            _failedAddresses.Add($"{failed.Groups[1].Value} {failed.Groups[2].Value.Trim().TrimEnd('.')}");
        }

        if (ServerSoftware is null && ServerWords.Software(line) is { } software)
        {
            (ServerSoftware, ServerSoftwareLine) = (software, line);
        }

        if (ServerWords.PreBannerLine(line) is { } words && PreBannerLines.Count < 10)
        {
            PreBannerLines.Add(words);
            PreBannerLine ??= line;
            if (NotSshReply is null && ServerWords.LooksNotSsh(words))
            {
                (NotSshReply, NotSshLine) = (words, line);
            }
        }

        if (NotSshReply is null && ServerWords.DecodePacketLength(line) is { } decoded)
        {
            (NotSshReply, NotSshLine) = ($"a packet length that reads as text: \"{decoded}\"", line);
        }

        if (NotSshReply is null && ServerWords.ReceivedNotSsh(line) is { } received)
        {
            (NotSshReply, NotSshLine) = (received, line);
        }

        LineRepliesToIdentification = ServerWords.ReplyToIdentification(line);
        if (NotSshReply is null && LineRepliesToIdentification is { } reply)
        {
            (NotSshReply, NotSshLine) = (reply, line);
        }

        if (HostCertificate is null && HostCertificateWords.Status(line) is { } certificate)
        {
            HostCertificate = (certificate, line);
        }

        ReadMissingCommand(line);
        ReadIpv6(line);
        if (SuccessLine is null && RemoteCommandMissing is { } missing)
        {
            SuccessLine = missing.Line;
        }

        // A git host's greeting is a login that worked too; each line is searched for it once.
        var greeting = GitHostGreetings.Any(m => line.Contains(m, StringComparison.OrdinalIgnoreCase));
        NoShellByDesign |= greeting;
        if (SuccessLine is null && (greeting || SuccessMarkers.Any(m => line.Contains(m, StringComparison.OrdinalIgnoreCase))))
        {
            SuccessLine = line;
        }

        if (JumpLine is null && JumpMarkers.Any(m => line.Contains(m, StringComparison.OrdinalIgnoreCase)))
        {
            JumpLine = line;
        }

        SessionRequests |= SessionRequestMarkers.Any(m => line.Contains(m, StringComparison.OrdinalIgnoreCase));
        HostKeyAccepted |= line.Contains("Permanently added", StringComparison.OrdinalIgnoreCase);
        SftpStarted |= line.StartsWith("sftp>", StringComparison.Ordinal) || (Tool == "sftp" && line.StartsWith("Connected to ", StringComparison.Ordinal));
        if (Os is null && ClientPlatform.Of(line) is { } os)
        {
            (Os, OsLine) = (os, line);
        }

        if (Tool is null && ToolMarkers.FirstOrDefault(t => line.Contains(t.Marker, StringComparison.Ordinal)) is { Tool: not null } tool)
        {
            (Tool, ToolLine) = (tool.Tool, line);
        }

        SessionRan |= line.StartsWith("Last login:", StringComparison.Ordinal) || line.Contains("Welcome to ", StringComparison.Ordinal)
            || line.Contains("Entering interactive session", StringComparison.Ordinal) || LooksLikePrompt(line);
        if (line.Contains(": new ", StringComparison.Ordinal) && NewChannel.Match(line) is { Success: true } channel)
        {
            _channels[channel.Groups[1].Value] = channel.Groups[2].Value;
        }
    }

    /// <summary>An sshd line: kept for <c>client.server_log</c>, and read for nothing else (its addresses are the client's).</summary>
    public void ServerLine(string line)
    {
        if (ServerLines.Count < ServerLogLines.Most)
        {
            ServerLines.Add(line.Trim());
        }
    }

    /// <summary>A password prompt or a login success: a close right after it is not an idle drop.</summary>
    public static bool IsLoginLine(string? line) =>
        line is not null && (line.TrimEnd().EndsWith("password:", StringComparison.OrdinalIgnoreCase)
            || line.Contains("Authenticated to ", StringComparison.Ordinal) || line.Contains("Authentication succeeded", StringComparison.Ordinal));

    /// <summary>A shell prompt before the text: "user@host:~$ ", "root@box:/etc# ", "[user@host ~]$ ".</summary>
    private static bool LooksLikePrompt(string line)
    {
        var at = line.IndexOf('@', StringComparison.Ordinal);
        var end = line.IndexOfAny(['$', '#']);
        return at > 0 && end > at && end + 1 < line.Length && line[end + 1] == ' ' && !line.Contains("password", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether a refused channel ("channel 0: open failed: administratively prohibited") was a
    /// session (MaxSessions, no-more-sessions) rather than a forward: by the channel's type when
    /// the log showed it, else by session-request markers (ControlMaster, "Session open refused").
    /// </summary>
    public bool RefusedASession(string failureLine)
    {
        var failed = FailedChannel.Match(failureLine);
        if (failed.Success && _channels.TryGetValue(failed.Groups[1].Value, out var type))
        {
            return type.Contains("session", StringComparison.OrdinalIgnoreCase);
        }

        return SessionRequests;
    }

    /// <summary>The command line named a jump host (-J or ProxyJump/ProxyCommand options).</summary>
    public void CommandLine(string line, string command)
    {
        if (Tool is null && command is "scp" or "sftp" or "git")
        {
            // The command the user ran names the tool ("sftp -P 2200 ops@web-01").
            (Tool, ToolLine) = (command, line);
        }

        var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (JumpLine is null && tokens.Any(t => t == "-J" || t.StartsWith("-J", StringComparison.Ordinal) && t.Length > 2 && !t.StartsWith("-J-", StringComparison.Ordinal)
            || t.Contains("ProxyJump", StringComparison.OrdinalIgnoreCase) || t.Contains("ProxyCommand", StringComparison.OrdinalIgnoreCase)))
        {
            JumpLine = line;
        }
    }
}
