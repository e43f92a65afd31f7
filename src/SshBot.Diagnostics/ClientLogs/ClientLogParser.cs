using System.Globalization;
using System.Text.RegularExpressions;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.ClientLogs;

/// <summary>
/// Reads what an engineer pasted (<c>ssh -v</c> output of OpenSSH 7.4 to 9.x on Linux, macOS or
/// Windows, PuTTY and plink messages and event logs, scp/sftp/git errors; with or without shell
/// prompts, code fences and chat quoting) into <c>client.*</c> observations and the lines that
/// decided them. Bounded: see <see cref="LogText"/>; every pattern runs on the non-backtracking
/// engine with a timeout, so no input can make it hang.
/// </summary>
public static partial class ClientLogParser
{
    // No static field for the timeout: the patterns of the other part of this class may be
    // initialised first, and a zero timeout would be refused.
    internal static Regex Pattern(string pattern) =>
        new(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(200));

    // At the start of a line, or where Ansible begins the run it quotes ("via ssh: OpenSSH_...", b'OpenSSH_...').
    private static readonly Regex OpenSshVersion = Pattern(@"^(?:debug1: Local version string SSH-2\.0-|.*(?:via ssh: |\bb'|\bb""))?(OpenSSH_[0-9A-Za-z._]+)");
    private static readonly Regex PuttyVersion = Pattern(@"(?:We claim version: SSH-2\.0-|Local version: SSH-2\.0-)(PuTTY_[0-9A-Za-z._]+|Plink_[0-9A-Za-z._]+)|^(plink|PuTTY): Release ([0-9][0-9.]*)");
    private static readonly Regex Authenticating = Pattern(@"Authenticating to ([^\s:]+):([0-9]{1,5}) as '([^']*)'");
    private static readonly Regex PuttyUser = Pattern("Using username \"([^\"]*)\"|^login as: ([^\\s]+)");
    // Chat markup around the list ("**publickey**", "`publickey`") is not part of a method name.
    // OpenSSH's and libssh's "Authentications that can continue: ...", node ssh2's older
    // "Authentication failure. Available authentication methods: ...": the server's list.
    private static readonly Regex CanContinue = Pattern(@"(?:Authentications? that can continue|Available authentication methods): [*_`]*([A-Za-z0-9@.,-]+)");
    // curl (libssh2) narrowing its host key list to the type known_hosts holds: "Set "ssh-rsa" as SSH hostkey type".
    private static readonly Regex CurlHostKeyType = Pattern(@"Set ""([A-Za-z0-9@.,-]{1,400})"" as SSH hostkey type");
    // libssh names the method the server refused: "Access denied for 'publickey'. Authentication that can continue: ...".
    private static readonly Regex LibsshDenied = Pattern(@"Access denied for '(publickey|password|keyboard-interactive|gssapi-with-mic|hostbased)'");
    private static readonly Regex DeniedMethods = Pattern(@"Permission denied \(([^)\s]*)\)|server sent: ?([^)]{0,200})\)|allowed[_ ]types(?:=|: ?)\[([^\]]{0,200})\]|complete authentication \(([^)\s]{0,200})\)");
    private static readonly Regex TheirOffer = Pattern(@"Their offer: ([^\s]+)|\(available: ([^)\s]*)\)");
    private static readonly Regex PacketTimedOut = Pattern(@"Connection to [^\s]+ port [0-9]{1,5} timed out");
    // An SFTP write the server failed with the protocol's generic status (SSH_FX_FAILURE): sftp-server
    // has no other code for ENOSPC or EDQUOT, so a full disk or quota is the usual reason.
    private static readonly Regex SftpWriteFailed = Pattern(@"\bwrit(?:e|ing)\b.*(?:SSH_FX_FAILURE|""Failure""|:\s*Failure\s*$)");
    private static readonly Regex UnableToNegotiate = Pattern(@"Unable to negotiate with ([^\s]+) port ([0-9]{1,5})");

    private static readonly (string Label, string Key)[] Proposals =
    [
        ("KEX algorithms: ", "client.offered.kex"),
        ("host key algorithms: ", "client.offered.hostkey"),
        ("ciphers ctos: ", "client.offered.cipher"),
        ("MACs ctos: ", "client.offered.mac"),
    ];

    private static readonly string[] PuttyMarkers =
    [
        "Network error:", "FATAL ERROR:", "Looking up host \"", "Couldn't agree", "Server refused our key",
        "unexpectedly closed network connection", "No supported authentication methods available", "PuTTY", "plink",
    ];

    /// <summary>
    /// Reads the text; never throws for any input. A paste that holds several runs (a command
    /// line, its output, then another command and its output) is read run by run, and the last
    /// run that failed decides: an earlier failure is what the user has since moved past
    /// (<c>ssh-keygen -R</c>, then a new refusal), and a run after it without a failure is the
    /// user's own check (<c>ssh -T</c> logging in, <c>ssh -G</c>), not what they ask about.
    /// </summary>
    public static ClientLogResult Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new ParseState().Finish();
        }

        var notes = new List<string>();
        var lines = LogText.Split(text, notes);
        var (runs, hosts) = Runs(lines);
        if (runs.Count > 1)
        {
            var results = runs.Select(run => Read(run.Lines, [], run.Host)).ToList();
            var last = results.FindLastIndex(r => r.FoundError);
            if (last >= 0)
            {
                notes.AddRange(results[last].Notes);
                var earlier = results.Take(last).Select((r, i) => (Result: r, runs[i].Host)).Where(r => r.Result.FoundError)
                    .Select(r => hosts.Count > 1 && r.Host is not null ? $"{r.Host}: {r.Result.Observations.GetText("client.error")}"
                        : Shorten(r.Result.Observations.GetText("client.failure_line") ?? ""))
                    .Distinct(StringComparer.Ordinal).ToList();
                if (hosts.Count > 1)
                {
                    notes.Add($"the paste holds output for {hosts.Count} hosts ({string.Join(", ", hosts.Take(8))}{(hosts.Count > 8 ? ", ..." : "")}); " +
                        $"this is {runs[last].Host ?? "the last"}'s, the last that failed" +
                        (earlier.Count > 0 ? $" (earlier: {string.Join("; ", earlier.Take(5))}{(earlier.Count > 5 ? "; ..." : "")}); ask about each host to check it" : ""));
                }
                else if (earlier.Count > 0)
                {
                    notes.Add($"the paste holds {runs.Count} runs; the last one that failed decides (earlier: {string.Join("; ", earlier)})");
                }

                return WorksWithSudo(runs, results, last) is { } line ? WithFlag(results[last], "client.works_with_sudo", line) with { Notes = notes }
                    : NoSudoRun(results[last]) with { Notes = notes };
            }
        }

        return NoSudoRun(Read(lines, notes));
    }

    /// <summary>
    /// A route refused with no run under sudo in the paste: <c>client.works_with_sudo</c> is
    /// false, so a Linux client's refusal is not read as macOS's permission (which only an
    /// unknown system or a sudo run that worked leaves open).
    /// </summary>
    private static ClientLogResult NoSudoRun(ClientLogResult result)
    {
        if (result.Observations.GetText("client.error") == "no-route" && !result.Observations.ContainsKey("client.works_with_sudo"))
        {
            result.Observations.Set("client.works_with_sudo", ObservationValue.Of(false));
        }

        return result;
    }

    /// <summary>
    /// The command line of a later run that is the failed run's command again as root
    /// (<c>sudo ssh ...</c>, same host) and shows no failure, with output after it: a permission
    /// of the user's process (macOS's Local Network privacy), not the network, stopped the first.
    /// </summary>
    private static string? WorksWithSudo(List<Run> runs, List<ClientLogResult> results, int failed)
    {
        if (CommandOf(runs[failed]) is not { Destination.Elevated: false } first)
        {
            return null;
        }

        for (var i = failed + 1; i < runs.Count; i++)
        {
            if (CommandOf(runs[i]) is { Destination.Elevated: true } again && !results[i].FoundError && runs[i].Lines.Count > 1
                && string.Equals(again.Destination.Host, first.Destination.Host, StringComparison.OrdinalIgnoreCase))
            {
                return again.Line;
            }
        }

        return null;
    }

    private static (CommandLineReader.Destination Destination, string Line)? CommandOf(Run run)
    {
        foreach (var line in run.Lines.Take(3))
        {
            if (IsCommandLine(line.Text) && CommandLineReader.Read(line.Text) is { } destination)
            {
                return (destination, line.Text);
            }
        }

        return null;
    }

    private static ClientLogResult WithFlag(ClientLogResult result, string key, string line)
    {
        result.Observations.Set(key, ObservationValue.Of(true));
        var evidence = result.Evidence.ToDictionary(StringComparer.Ordinal);
        evidence[key] = [line];
        return result with { Evidence = evidence };
    }

    private static ClientLogResult Read(IReadOnlyList<LogText.Line> lines, List<string> notes, string? taggedHost = null)
    {
        var state = new ParseState();
        state.Notes.AddRange(notes);
        if (taggedHost is not null && lines.FirstOrDefault(line => HostTag(line.Text)?.Host == taggedHost) is { } tagged)
        {
            // The host a multi-host tool named (Ansible's inventory name): what ssh itself prints comes first.
            state.SetHost(taggedHost, tagged.Text, weak: true);
        }

        foreach (var line in lines)
        {
            try
            {
                Read(line, state);
            }
            catch (RegexMatchTimeoutException)
            {
                state.Notes.Add($"a line took too long to read and was skipped: {Shorten(line.Text)}");
            }
        }

        return state.Finish();
    }

    /// <summary>One run of a client, or one host's output in a tool's run over several hosts.</summary>
    private sealed record Run(List<LogText.Line> Lines, string? Host);

    /// <summary>
    /// The lines cut before each command line that runs ssh (or scp, sftp, git, plink) after the
    /// first; and, when a tool's output names two hosts or more (<see cref="HostTag"/>), where
    /// the output turns to another host. Returns the runs and the hosts named, in order.
    /// </summary>
    private static (List<Run> Runs, List<string> Hosts) Runs(IReadOnlyList<LogText.Line> lines)
    {
        var tags = lines.Select(line => HostTag(line.Text)).ToList();
        var hosts = tags.Where(tag => tag is not null).Select(tag => tag!.Value.Host).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var byHost = hosts.Count > 1;
        var runs = new List<Run> { new([], null) };
        for (var i = 0; i < lines.Count; i++)
        {
            var tag = byHost ? tags[i] : null;
            var newHost = tag is { } t && (t.Result || !string.Equals(t.Host, runs[^1].Host, StringComparison.OrdinalIgnoreCase));
            if (runs[^1].Lines.Count > 0 && (newHost || IsCommandLine(lines[i].Text)))
            {
                runs.Add(new Run([], tag?.Host ?? runs[^1].Host));
            }
            else if (tag is { } first && runs[^1].Host is null)
            {
                runs[^1] = runs[^1] with { Host = first.Host };
            }

            runs[^1].Lines.Add(lines[i]);
        }

        return (runs, byHost ? hosts : []);
    }

    // Ansible's result for a host ("fatal: [web-01]: UNREACHABLE! => ..."), parallel-ssh's
    // ("[2] 10:41:22 [FAILURE] web-01 Exited with error code 255"), and the host before each line
    // of pdsh's and clush's output ("web-01: ssh: connect to host ...").
    private static readonly Regex AnsibleResult = Pattern(@"^(?:fatal|failed|ok|changed|unreachable|skipping): \[([^\]\s]{1,253})\]");
    private static readonly Regex PsshResult = Pattern(@"^\[[0-9]+\] [0-9:]{8} \[(?:SUCCESS|FAILURE)\] ([^\s]{1,253})");
    private static readonly Regex LinePrefix = Pattern(@"^([A-Za-z0-9][A-Za-z0-9.-]{0,252}):\s+[^\s]");

    /// <summary>The host a multi-host tool put on this line, and whether the line is that host's result.</summary>
    private static (string Host, bool Result)? HostTag(string text)
    {
        if (AnsibleResult.Match(text) is { Success: true } ansible)
        {
            return (ansible.Groups[1].Value, true);
        }

        if (PsshResult.Match(text) is { Success: true } pssh)
        {
            return (pssh.Groups[1].Value, true);
        }

        // A host name or address has a dot, a hyphen or a digit; ssh's own prefixes ("debug1",
        // "kex_exchange_identification", "Warning") are words, debugN, or a program of the ssh
        // family ("ssh-keygen:", "git-upload-pack:").
        if (LinePrefix.Match(text) is { Success: true } prefix)
        {
            var host = prefix.Groups[1].Value;
            if (host.Any(c => c is '.' or '-' || char.IsAsciiDigit(c)) && host.Any(char.IsAsciiLetter)
                && !host.Contains("..", StringComparison.Ordinal) && !NotHosts.Any(word => host.StartsWith(word, StringComparison.OrdinalIgnoreCase)))
            {
                return (host, false);
            }
        }

        return null;
    }

    private static readonly string[] NotHosts = ["debug", "openssh", "channel", "ssh", "sftp", "scp", "git", "rsync", "mux", "kex", "client", "server"];

    private static bool IsCommandLine(string text)
    {
        try
        {
            // The command reader first: it turns down almost every line, and cheaply.
            return CommandLineReader.Read(text) is not null && !ServerLogLines.IsServerLine(text) && FailureRules.Find(text) is null;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string Shorten(string line) => line.Length <= 120 ? line : line[..117] + "...";

    private static void Read(LogText.Line line, ParseState state)
    {
        var text = line.Text;
        if (ServerLogLines.IsServerLine(text))
        {
            // sshd's own line: its words go to client.server_log and say, weakly, what the client
            // saw; the addresses and ports in it are the client's, so nothing else reads it.
            state.Facts.ServerLine(text);
            if (ServerLogLines.Find(text) is { } said)
            {
                state.Fail(said, line);
            }

            return;
        }

        state.Advance(text);

        // A line that holds a failure is the client's own output, whatever word it starts with
        // ("ssh: connect to host ...", a quoted "`ssh ...` prints ...").
        if (!state.SawCommandLine && FailureRules.Find(text) is null && CommandLineReader.Read(text) is { } destination)
        {
            state.CommandLine(destination, line.Text);
            return;
        }

        ReadVersion(line, state);
        ReadEndpoint(line, state);
        ReadAuth(line, state);
        ReadProposal(line, state);

        if (text.Contains("peer server KEXINIT proposal", StringComparison.OrdinalIgnoreCase))
        {
            state.InServerProposal = true;
        }
        else if (text.Contains("local client KEXINIT proposal", StringComparison.OrdinalIgnoreCase))
        {
            state.InServerProposal = false;
        }

        const string ConnectFailed = "open failed: connect failed:";
        var forwarded = text.IndexOf(ConnectFailed, StringComparison.OrdinalIgnoreCase);
        if (forwarded >= 0)
        {
            // "channel 0: open failed: connect failed: Connection refused": the jump host (or the
            // forwarding server) was reached and could not reach the target; the tail says why.
            var why = FailureRules.Find(text[(forwarded + ConnectFailed.Length)..]) ?? FailureRules.Other;
            state.Fail(why with { Stage = ClientStage.Connect, Strong = true }, line, hop: "target");
        }
        else if (FailureRules.Find(text) is { } rule)
        {
            state.Fail(rule, line);
        }
        else if (state.Facts.LineRepliesToIdentification is not null)
        {
            // An FTP or SMTP server answered the identification line as an unknown command.
            state.Fail(new FailureRule("SSH-", "not-ssh", ClientStage.Banner), line);
        }
        else if (PacketTimedOut.IsMatch(text))
        {
            // OpenSSH's packet layer gave up waiting ("Connection to H port 22 timed out"): the
            // banners were exchanged, and the server went quiet in key exchange or later. Weak: after
            // "Connection timed out during banner exchange" it only repeats that.
            state.Fail(new FailureRule("timed out", "stalled", state.Progress > ClientStage.Kex ? state.Progress : ClientStage.Kex, Strong: false), line);
        }
        else if (SftpWriteFailed.IsMatch(text))
        {
            state.Fail(new FailureRule("Failure", "no-space", ClientStage.Session, Strong: false), line);
        }
    }

    private static void ReadVersion(LogText.Line line, ParseState state)
    {
        var text = line.Text;
        if (!state.HasClientVersion && OpenSshVersion.Match(text) is { Success: true } openssh)
        {
            var version = openssh.Groups[1].Value;
            var windows = version.StartsWith("OpenSSH_for_Windows", StringComparison.OrdinalIgnoreCase);
            state.SetClient(windows ? "Windows OpenSSH" : "OpenSSH", version, line.Text);
        }
        else if (!state.HasClientVersion && PuttyVersion.Match(text) is { Success: true } putty)
        {
            var version = putty.Groups[1].Success ? putty.Groups[1].Value : $"{putty.Groups[2].Value}_Release_{putty.Groups[3].Value}";
            state.SetClient(version.StartsWith("plink", StringComparison.OrdinalIgnoreCase) ? "plink" : "PuTTY", version, line.Text);
        }
        else if (state.Product is null && PuttyMarkers.Any(m => text.Contains(m, StringComparison.Ordinal)))
        {
            state.Product = "PuTTY";
            state.ProductLine = line.Text;
        }
    }

    private static void ReadAuth(LogText.Line line, ParseState state)
    {
        var text = line.Text;
        if (PuttyUser.Match(text) is { Success: true } user)
        {
            state.SetUser(user.Groups[1].Success ? user.Groups[1].Value : user.Groups[2].Value, line.Text);
        }

        if (CanContinue.Match(text) is { Success: true } can)
        {
            state.Set("client.auth.methods_offered", SplitList(can.Groups[1].Value), line.Text);
        }
        else if (DeniedMethods.Match(text) is { Success: true } denied)
        {
            // PuTTY writes "server sent: publickey" (some forks "public key"); SSH.NET "No suitable
            // authentication method found to complete authentication (publickey)"; paramiko
            // "allowed_types=[u'publickey', u'keyboard-interactive']" (Python's quoted strings).
            var list = denied.Groups[1].Success ? denied.Groups[1].Value
                : denied.Groups[4].Success ? denied.Groups[4].Value
                : denied.Groups[2].Success ? denied.Groups[2].Value.Replace("public key", "publickey", StringComparison.OrdinalIgnoreCase)
                : string.Join(',', SplitList(denied.Groups[3].Value).Select(m => m.TrimStart('u', 'b').Trim('\'', '"')));
            state.Set("client.auth.methods_offered", SplitList(list), line.Text);
        }

        if (LibsshDenied.Match(text) is { Success: true } refused)
        {
            state.Tried(refused.Groups[1].Value, line.Text);
        }
        else if (text.Contains("Offering public key", StringComparison.OrdinalIgnoreCase)
            || text.Contains("Trying private key", StringComparison.OrdinalIgnoreCase)
            || text.Contains("Offered public key", StringComparison.OrdinalIgnoreCase)
            || text.Contains("Server refused our key", StringComparison.OrdinalIgnoreCase)
            || text.Contains("Trying public key authentication", StringComparison.OrdinalIgnoreCase))
        {
            state.Tried("publickey", line.Text);
        }
        else if (text.Contains("Next authentication method: ", StringComparison.OrdinalIgnoreCase))
        {
            var method = text[(text.IndexOf("method: ", StringComparison.OrdinalIgnoreCase) + 8)..].Trim();
            if (method is "password" or "keyboard-interactive" or "gssapi-with-mic" or "hostbased")
            {
                state.Tried(method, line.Text);
            }
        }
        else if (text.Contains("password:", StringComparison.OrdinalIgnoreCase) && text.Contains('@', StringComparison.Ordinal))
        {
            state.Tried("password", line.Text);
        }
    }

    // SunSSH lists both sides under its "could not agree on a ..." line: "  client: a,b" and "  server: c,d".
    private static readonly Regex SideList = Pattern(@"^(client|server): ([A-Za-z0-9@._+-]+(?:,[A-Za-z0-9@._+-]+)*)$");
    private static readonly (string Words, string Key)[] AgreeKinds =
    [
        ("key exchange", "client.offered.kex"), ("host key", "client.offered.hostkey"), ("hostkey", "client.offered.hostkey"),
        ("cipher", "client.offered.cipher"), ("MAC", "client.offered.mac"),
    ];

    private static void ReadSideLists(LogText.Line line, ParseState state)
    {
        var text = line.Text;
        if (text.Contains("could not agree on a", StringComparison.OrdinalIgnoreCase))
        {
            state.AgreeingOn = AgreeKinds.FirstOrDefault(k => text.Contains(k.Words, StringComparison.OrdinalIgnoreCase)).Key;
            return;
        }

        if (state.AgreeingOn is { } key && SideList.Match(text) is { Success: true } side)
        {
            var client = side.Groups[1].Value.Equals("client", StringComparison.OrdinalIgnoreCase);
            state.Set(client ? key : "client.their_offer", SplitList(side.Groups[2].Value), line.Text);
            return;
        }

        state.AgreeingOn = null;
    }

    private static void ReadProposal(LogText.Line line, ParseState state)
    {
        ReadSideLists(line, state);
        if (state.InServerProposal)
        {
            return;
        }

        if (CurlHostKeyType.Match(line.Text) is { Success: true } curl && !state.Observations.ContainsKey("client.offered.hostkey"))
        {
            state.Set("client.offered.hostkey", SplitList(curl.Groups[1].Value), line.Text);
        }

        foreach (var (label, key) in Proposals)
        {
            var at = line.Text.IndexOf(label, StringComparison.Ordinal);
            if (at >= 0 && !state.Observations.ContainsKey(key))
            {
                state.Set(key, SplitList(line.Text[(at + label.Length)..]), line.Text);
            }
        }
    }

    private static string[] SplitList(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(200).ToArray();

    internal static int? ParsePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 65535 ? p : null;
}
