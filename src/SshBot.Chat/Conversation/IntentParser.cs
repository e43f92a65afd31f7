using System.Text.RegularExpressions;
using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Targets;

namespace SshBot.Chat.Conversation;

/// <summary>
/// Reads intents from how engineers write: "can't ssh to web-01", "ssh to 10.1.2.3 times out",
/// "@sshbot diagnose deploy@web-01 db-02". Target words are only candidates here; the
/// <see cref="SshBot.Diagnostics.Targets.TargetParser"/> validates each strictly later.
/// </summary>
public static partial class IntentParser
{
    /// <summary>The most hosts one message may name.</summary>
    public const int MaxTargetsPerMessage = 10;

    public static Intent Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text, Parts(text));
    }

    /// <summary>
    /// A message as the conversation reads it, its paste read once: <see cref="Parse(string)"/>,
    /// except that a pasted block with no request around it (<see cref="IsBarePaste"/>) asks to be
    /// explained first (<see cref="AskForHostIntent"/>), whatever hosts its lines name.
    /// </summary>
    public static Intent Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = Parts(text);
        return IsBare(parts) ? new AskForHostIntent() : Parse(text, parts);
    }

    private static Intent Parse(string text, MessageParts parts)
    {
        var pasted = parts.Pasted;
        var line = StripMentions(parts.Words).Trim();
        var words = line.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return pasted ? new AskForHostIntent() : new HelpIntent();
        }

        var verb = words[0].ToLowerInvariant();
        switch (verb)
        {
            case "help" or "?" when words.Length == 1:
                return new HelpIntent();
            case "recent" when words.Length == 1:
                return new RecentIntent();
            case "history" when words.Length == 2:
                return new HistoryIntent(words[1]);
            case "kb" when words.Length >= 2:
                var sub = words[1].ToLowerInvariant();
                return sub switch
                {
                    "list" => new KbListIntent(),
                    "show" when words.Length >= 3 => new KbShowIntent(words[2]),
                    "add" or "replace" or "retire" or "revert" => new KbAdminIntent(sub, KbEdit().Match(line).Groups[1].Value),
                    _ => new HelpIntent(),
                };
        }

        // "from the office VPN": a place to run from, not a host (its words are no target candidates).
        // Only the author's own words name one: "Could not read from remote repository" is git's.
        var from = FromPlace().Match(StripMentions(parts.Prose));
        var vantage = from.Success ? from.Groups["place"].Value : null;
        var at = from.Success ? line.IndexOf(from.Value, StringComparison.Ordinal) : -1;
        var targets = Candidates(at >= 0 ? line.Remove(at, from.Length).Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries) : words);
        if (pasted)
        {
            // "192.168.x.x" beside a paste: the paste is explained and the real host asked for. Alone,
            // it goes on to the target parser, which says it is masked.
            targets.RemoveAll(t => MaskedAddress.IsMasked(HostPart(t)));
        }

        if (targets.Count == 0)
        {
            return pasted ? new AskForHostIntent() : new UnknownIntent();
        }

        return new DiagnoseIntent(targets.Take(MaxTargetsPerMessage).ToArray(), Reports(text)) { Vantage = vantage, WithPaste = pasted };
    }

    /// <summary>The <c>report.*</c> observations the words imply.</summary>
    public static IReadOnlyDictionary<string, ObservationValue> Reports(string text)
    {
        var reports = new Dictionary<string, ObservationValue>(StringComparer.Ordinal);
        if (IdleDrop().IsMatch(text))
        {
            reports["report.idle_drop"] = ObservationValue.Of(true);
        }

        if (TransferHang().IsMatch(text))
        {
            reports["report.transfer_hang"] = ObservationValue.Of(true);
        }

        if (Intermittent().IsMatch(text))
        {
            reports["report.intermittent"] = ObservationValue.Of(true);
        }

        return reports;
    }

    /// <summary>
    /// Whether the text holds a pasted block of client output: two or more lines of an
    /// <c>ssh -v</c> run, or a failure inside a code block or quote. A sentence that only names
    /// an error ("still Connection refused here") is talk, not a paste.
    /// </summary>
    public static bool HoldsPastedBlock(string text) => Parts(text ?? throw new ArgumentNullException(nameof(text))).Block;

    /// <summary>
    /// A line that starts a pasted log: ssh's own output, or the shell command that ran ssh, read
    /// as the parser reads it (behind a time stamp, colour codes, a quote marker), or a code fence
    /// that opens a block (<see cref="OpensBlock"/>).
    /// </summary>
    public static bool StartsPaste(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var clean = ClientLogResult.Clean(line);
        return OpensBlock(line) || SshLogLine().IsMatch(clean) || ShellCommandLine().IsMatch(clean);
    }

    /// <summary>A line with an odd number of code fences (<c>```</c>): a block it opens goes on to the line that closes it.</summary>
    public static bool OpensBlock(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Fences().Count(line) % 2 == 1;
    }

    /// <summary>
    /// A pasted block of client output with no request around it: every line outside it is ssh's
    /// output or the user's own shell prompt or command (<c>$ ssh -v web-01</c>), not words
    /// addressed to the bot.
    /// </summary>
    public static bool IsBarePaste(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsBare(Parts(text));
    }

    private static bool IsBare(MessageParts parts) => parts.Pasted && parts.Block && StripMentions(parts.Prose).Trim().Length == 0;

    private static string HostPart(string word)
    {
        var host = word[(word.LastIndexOf('@') + 1)..];
        var colon = host.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && host.Count(c => c == ':') == 1 ? host[..colon] : host;
    }

    /// <summary>An IPv4 address in any form but the plain dotted quad: short (3.0.15), octal, hex or a single number.</summary>
    private static bool IsOddAddressForm(string host) =>
        !host.Contains(':', StringComparison.Ordinal)
        && SshBot.Diagnostics.Targets.AddressParser.TryParse(host, out _)
        && !DottedQuad().IsMatch(host);

    [GeneratedRegex(@"^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedQuad();

    private static List<string> Candidates(string[] words)
    {
        var found = new List<string>();
        var previous = "";
        foreach (var raw in words)
        {
            var after = previous;
            previous = raw.ToLowerInvariant();
            // A crossed-out word (Slack's ~strike~) is one the author took back.
            if (raw.TrimEnd(',', ';', '.', '!', '?', ':') is { Length: > 2 } struck && struck[0] == '~' && struck[^1] == '~')
            {
                continue;
            }

            // Punctuation, quotes, and chat emphasis around a name (Slack's *bold* and _italic_).
            var word = raw.Trim(',', ';', '.', '!', '?', '"', '\'', '`', '(', ')', '*', '_', '~');
            // "web-01: Host key verification failed", "Network error: ...": a label's colon, not a port.
            if (word.EndsWith(':') && !word.EndsWith("::", StringComparison.Ordinal))
            {
                word = word[..^1];
            }

            if (word.Length == 0 || word[0] == '-' || word.All(char.IsAsciiDigit)
                || StopWords.Contains(word.ToLowerInvariant()) || !TargetLike().IsMatch(word))
            {
                continue;
            }

            // In free text, numbers with dots are versions ("OpenSSL 3.0.15", "9.2p1") unless they
            // are a full dotted quad: the short and octal address forms the target parser accepts
            // on the command line ("3.0.15" is 3.0.0.15) must never turn prose into a probe.
            if (IsOddAddressForm(HostPart(word)))
            {
                continue;
            }

            // A host needs a dot, a digit, a colon, a bracket or a dash, or a user@ in front, or to
            // follow "to" / "diagnose": plain English words ("server", "timeout") are not hosts.
            if (!word.Any(c => c is '.' or ':' or '[' or '-' or '@' || char.IsAsciiDigit(c)) && after is not ("to" or "into" or "diagnose" or "check"))
            {
                continue;
            }

            if (!found.Contains(word, StringComparer.OrdinalIgnoreCase))
            {
                found.Add(word);
            }
        }

        return found;
    }

    /// <summary>The text without @mentions (a Slack or Teams mention, a typed @sshbot).</summary>
    public static string StripMentions(string text) => Mention().Replace(text, " ").Replace("@sshbot", " ", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A message in four readings: whether it holds client output (lines of an <c>ssh -v</c> run,
    /// or anything the client-log parser reads a failure or a login from, quoted, fenced or bare); whether that output is a pasted
    /// block (two lines of an ssh run, or output in a code block or quote); the words that may
    /// name hosts (the author's, the shell commands they pasted, and output typed loose in the
    /// message); and the author's words alone, without any of ssh's output. A line is output when
    /// the parser took it as evidence or it starts as programs label their lines ("fatal: ..."),
    /// unless it also reads as a request ("can't ssh to web-01: Connection refused").
    /// </summary>
    private static MessageParts Parts(string text)
    {
        if (KbEdit().IsMatch(StripMentions(text)))
        {
            return new MessageParts(false, false, text, text);
        }

        var parsed = ClientLogParser.Parse(text);
        var decided = parsed.DecidingLines();
        var lines = new List<(string Clean, bool Code)>();
        var inFence = false;
        foreach (var line in ClientLogResult.Lines(text))
        {
            var fences = Fences().Count(line);
            var quoted = line.TrimStart().StartsWith('>') || (line.Trim() is { Length: > 1 } t && t[0] == '`' && t[^1] == '`');
            lines.Add((ClientLogResult.Clean(line), inFence || fences > 0 || quoted));
            inFence ^= fences % 2 == 1;
        }

        var logLines = lines.Count(l => SshLogLine().IsMatch(l.Clean));
        if (logLines < 2 && !parsed.FoundError && !parsed.ShowsSuccess)
        {
            return new MessageParts(false, false, text, text);
        }

        var words = new List<string>();
        var prose = new List<string>();
        var block = logLines >= 2;
        foreach (var (clean, code) in lines)
        {
            var output = SshLogLine().IsMatch(clean) || decided.Contains(clean) || Labelled().IsMatch(clean);
            block |= code && output;
            if (clean.Length == 0 || SshLogLine().IsMatch(clean))
            {
                continue;
            }

            if (ShellCommandLine().Match(clean) is { Success: true } command)
            {
                // "$ ssh -v deploy@web-01": names the host, asks nothing. The prompt before it
                // ("ops@laptop ~ %") names the asker's own machine, never a target.
                words.Add(command.Groups["command"].Value);
            }
            else if (!(code || output) || RequestCue().IsMatch(clean))
            {
                words.Add(clean);
                prose.Add(clean);
            }
            else if (!code)
            {
                // Output typed or pasted loose ("web-01: Host key verification failed"): its host
                // may be the one meant; a code block or quote is the paste alone.
                words.Add(clean);
            }
        }

        return new MessageParts(true, block, string.Join('\n', words), string.Join('\n', prose));
    }

    private sealed record MessageParts(bool Pasted, bool Block, string Words, string Prose);

    private static readonly HashSet<string> StopWords =
    [
        "can't", "cant", "cannot", "can", "not", "ssh", "to", "into", "the", "diagnose", "check", "why", "is", "does", "on",
        "times", "out", "time-out", "timeout", "connection", "closed", "by", "port", "drops", "when", "idle", "hangs",
        "large", "output", "and", "or", "please", "pls", "help", "me", "with", "from", "i", "we", "it", "fails", "failing",
        "sometimes", "again", "refused", "reset", "permission", "denied", "(publickey)", "publickey", "won't", "wont", "works",
        "ssh-ing", "login", "log", "in", "sshbot", "broken", "down", "host", "server", "e.g.", "i.e.", "etc.",
    ];

    /// <summary>
    /// A shell command that runs ssh, behind a prompt or none: <c>$</c>, <c>#</c>, <c>%</c>,
    /// <c>+</c> (a shell tracing), <c>ops@laptop:~$</c>, <c>ops@laptop ~ %</c> (zsh),
    /// <c>[ops@laptop ~]$</c>, <c>(venv) ops@laptop:~/src$</c>, <c>PS C:\Users\ops&gt;</c>,
    /// <c>C:\Users\ops&gt;</c>. The command is the group <c>command</c>.
    /// </summary>
    [GeneratedRegex(@"^(?:(?:\(\S+\)\s+)?\[?[\w.-]+@[\w.-]+(?::\S*|\s+\S+)?\]?\s*[$#%>]|[$#%>+]|PS [A-Za-z]:\\\S*>|[A-Za-z]:\\\S*>)?\s*(?<command>(?:ssh|scp|sftp|plink|putty|git)(?:\.exe)?\s.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ShellCommandLine();

    /// <summary>"from the office VPN", "from dc1": a place (one to three words, starting with a letter; not an address) to run from.</summary>
    [GeneratedRegex(@"\bfrom\s+(?:the\s+|our\s+|my\s+)?(?<place>(?!(?:and|but|or|since|when|today|now|anymore|either|too|any|it|here)\b)[A-Za-z][\w-]*(?:\s+(?!(?:and|but|or|since|when|today|now|anymore|either|too|any|it|here)\b)[A-Za-z][\w-]*){0,2})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FromPlace();

    [GeneratedRegex(@"^\s*kb\s+\S+[ \t]*\r?\n?(.*)$", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex KbEdit();

    [GeneratedRegex(@"<@[A-Z0-9]+(\|[^>]*)?>")]
    private static partial Regex Mention();

    [GeneratedRegex(@"^(\[[0-9A-Fa-f:.]+\](:\d+)?|[\w.-]+@?[\w.\[\]:-]*)$")]
    private static partial Regex TargetLike();

    [GeneratedRegex(@"(?i)^\s*(debug[123]:|OpenSSH_[0-9]|ssh: connect to host|Connection (closed|reset) by|kex_exchange_identification:)")]
    private static partial Regex SshLogLine();

    /// <summary>A program's line: "fatal: ...", "scp: ...", "git@web-01: ...", "Warning: ...".</summary>
    [GeneratedRegex(@"^[\w.@\[\]-]+:\s")]
    private static partial Regex Labelled();

    [GeneratedRegex("```")]
    private static partial Regex Fences();

    /// <summary>Words of someone asking, not of a program reporting: such a line is read as a request even when it quotes an error.</summary>
    [GeneratedRegex(@"(?i)\b(can'?t|cannot|can not|couldn'?t|unable to|won'?t|why|diagnose|check|help|please|pls|i get|i got|getting|ssh(ing)? (to|into))\b")]
    private static partial Regex RequestCue();

    [GeneratedRegex(@"(?i)\b(drops?|dropped|disconnect\w*|dies|killed|freez\w*)\b[^.\n]*\b(idle|inactiv\w*|after a while|after \d+ ?min\w*)\b|\bidle\b[^.\n]*\b(drops?|disconnect\w*|dies|timeout)\b")]
    private static partial Regex IdleDrop();

    [GeneratedRegex(@"(?i)\b(hang|hangs|hung|stalls?|freez\w*|stuck)\b[^.\n]*\b(large|big|long|output|transfer|scp|rsync|copy|file|cat)\b")]
    private static partial Regex TransferHang();

    [GeneratedRegex(@"(?i)\b(sometimes|intermittent\w*|flaky|flaps?|randomly|now and then|every (other|few))\b")]
    private static partial Regex Intermittent();
}
