using System.Text.RegularExpressions;

namespace SshBot.Diagnostics.ClientLogs;

/// <summary>
/// The shapes failure messages take across SSH clients and libraries, for wordings no rule in
/// <see cref="FailureRules"/> names. A client nobody has pasted yet still says a negotiation
/// failed with a phrase of failure beside the list it failed on ("no common key exchange
/// algorithm", "No compatible host key algorithms found", "Unable to negotiate ... cipher", "could
/// not agree on a MAC"); a host key it will not accept as mismatched or untrusted; a login as
/// "unable to authenticate". Each is tried after every specific wording, never on a client's
/// debug lines (they narrate steps the client may have got past).
/// </summary>
internal static class GenericWordings
{
    private static readonly Regex NoAgreement = ClientLogParser.Pattern(
        @"\bno (?:common|compatible|matching|mutual|suitable|acceptable|supported|shared)\b|\bcould ?n[o']?t agree\b|\b(?:unable to|failed to|could ?n[o']?t) (?:agree|negotiate|settle)\b|\bnegotiation (?:failed|failure|error)\b|\bno match for\b");

    // What the negotiation failed on. The server's host key before key exchange: "host key
    // exchange" is not a phrase anyone uses, while "key exchange" holds "key".
    private static readonly Regex Kind = ClientLogParser.Pattern(
        @"(?<hostkey>\bserver[_ ]host[_ ]key|\bhost[ _-]?keys?\b|\bhostkey)|(?<kex>\bkey[ _-]?exchange|\bkex\b|\bkex[_ ]?algo)|(?<cipher>\bciphers?\b|\bencryption\b)|(?<mac>\bmacs?\b|\bhmac|\bmessage authentication code|\bintegrity\b)|(?<any>\balgorithms?\b)");

    private static readonly Regex HostKeyChanged = ClientLogParser.Pattern(
        @"\bhost[ _-]?key\b.{0,60}\b(?:mismatch|mismatched|does ?n[o']?t match|do not match|has changed|have changed|changed|differs|is different)\b|\b(?:mismatched|changed|different|wrong)\b.{0,20}\bhost[ _-]?key\b|\bkey (?:for|of) (?:this|the) (?:host|server)\b.{0,40}\b(?:does ?n[o']?t match|mismatch|has changed|changed|differs|is different)\b|\bfingerprint\b.{0,30}\b(?:not matched|does ?n[o']?t match|mismatch|mismatched|has changed)\b|\b(?:not matched|does ?n[o']?t match)\b.{0,30}\bfingerprint\b");

    private static readonly Regex HostKeyUnknown = ClientLogParser.Pattern(
        @"\bhost[ _-]?key\b.{0,60}\b(?:not (?:trusted|verified|verifiable|known|recognized|recognised|cached|accepted)|unknown|unverified|untrusted|could not be verified|cannot be verified)\b|\b(?:unknown|untrusted|unverified) host[ _-]?key\b");

    private static readonly Regex LoginRefused = ClientLogParser.Pattern(
        @"\b(?:unable to|could ?n[o']?t|cannot|failed to) (?:authenticate|log ?in)\b|\bauthentication (?:failed|failure|rejected|refused|unsuccessful|error)\b|\bno (?:more |supported |available |valid |usable )?auth(?:entication)? methods?\b|\bpermission denied for user\b");

    private static readonly Regex ClosedByTheOtherSide = ClientLogParser.Pattern(
        @"\b(?:remote|server|peer|other side|foreign host)\b.{0,20}\bclosed (?:the )?connection\b|\bconnection (?:was )?(?:closed|dropped|terminated) by (?:the )?(?:remote|server|peer|foreign)");

    // A client saying in its own words that what answered does not speak SSH: "It appears you
    // are trying to connect to an FTP server", "not an SSH server", "does not speak SSH",
    // "non-SSH response".
    private static readonly Regex NotSshServer = ClientLogParser.Pattern(
        @"\bnot (?:an? )?(?:SSH|SFTP)(?:[/ -](?:SFTP|SSH))? ?(?:server|service|port|endpoint|daemon)\b|\b(?:trying|attempting|tried|attempted) to connect to an? (?:FTPS?|HTTPS?|web|SMTP|telnet|mail|TLS|RDP) (?:server|service|port)\b|\b(?:does ?n[o']?t|does not|do not) (?:speak|talk|appear to (?:speak|be)|look like|seem to (?:speak|be)) (?:an? )?SSH\b|\bnon-?SSH (?:server|service|port|protocol|response|reply|data|banner)\b|\bnot speaking SSH\b");

    // A pseudo-terminal the server's side could not get: mosh-server's "forkpty: Operation not
    // permitted", "openpty failed", "posix_openpt: No such device", "out of ptys".
    private static readonly Regex NoPty = ClientLogParser.Pattern(
        @"\b(?:forkpty|openpty|posix_openpt|grantpt|unlockpt|ptsname)\b.{0,40}\b(?:fail|failed|failure|not permitted|denied|No such|unavailable|Too many|out of)\b|\bout of (?:ptys|pseudo-?terminals)\b|\bno more ptys\b");

    // A connect the client gave up on, in words no rule names: libssh's "Timeout connecting to
    // web-01", "timed out while connecting", "connect timeout".
    private static readonly Regex ConnectTimeout = ClientLogParser.Pattern(
        @"\b(?:timeout|timed out) (?:while |when )?(?:connecting|trying to connect)\b|\bconnect(?:ion)? (?:attempt )?timeout\b");

    // A channel the server would not open, in words no rule names: russh's "Failed to open
    // channel (ConnectFailed)", "could not open session channel", "channel open failure".
    private static readonly Regex ChannelRefused = ClientLogParser.Pattern(
        @"\b(?:failed to|could ?n[o']?t|cannot|unable to) open (?:a |an |the |new )?(?:command |session |exec |shell )?channel\b|\bchannel open (?:failed|failure)\b");

    // A forward the server will not carry, in words no rule names: "TCP forwarding is disabled",
    // "port forwarding may be disabled", "forwarding not allowed".
    private static readonly Regex ForwardingOff = ClientLogParser.Pattern(
        @"\b(?:port |tcp |tcp port |agent |x11 )?forwarding (?:is |may be |was |has been )?(?:disabled|prohibited|not allowed|not permitted|refused|denied)\b");

    private static readonly Regex RefusedTheConnection = ClientLogParser.Pattern(@"\brefused (?:the |our |your )?connection\b");

    // What people check the port with, pasted beside (or instead of) ssh's output: nmap's port
    // state ("22/tcp closed ssh", "22/tcp filtered ssh", "All 1000 scanned ports on H are closed")
    // and netcat's "connect to H port 22 (tcp) timed out". Closed is a reset (nothing listens),
    // filtered no answer at all.
    private static readonly Regex PortClosed = ClientLogParser.Pattern(@"^22/tcp\s+closed\b|^[0-9]{1,5}/tcp\s+closed\s+ssh\b|^All [0-9]+ scanned ports on .{1,260} are closed\b");
    private static readonly Regex PortFiltered = ClientLogParser.Pattern(@"^22/tcp\s+filtered\b|^[0-9]{1,5}/tcp\s+filtered\s+ssh\b|^All [0-9]+ scanned ports on .{1,260} are filtered\b|\(tcp\) timed out");

    /// <summary>The rules, in the order <see cref="FailureRules.All"/> keeps them beside the specific ones.</summary>
    /// <summary>One rule for every list: the line's reading names the one it failed on.</summary>
    public static readonly FailureRule[] Negotiation =
    [
        new("", "no-matching-algorithm", ClientStage.Kex) { Reading = line => IsDebug(line) ? null : NegotiationFailure(line) },
    ];

    public static readonly FailureRule[] HostKeys =
    [
        // Not OpenSSH's warning's own narrative ("It is also possible that a host key has just been changed").
        Rule("hostkey-changed", ClientStage.Kex, HostKeyChanged.IsMatch, unless: "possible that"),
        Rule("hostkey-unknown", ClientStage.Kex, HostKeyUnknown.IsMatch),
    ];

    public static readonly FailureRule[] NotSsh =
    [
        Rule("not-ssh", ClientStage.Banner, NotSshServer.IsMatch),
    ];

    public static readonly FailureRule[] Pty =
    [
        Rule("pty-refused", ClientStage.Session, NoPty.IsMatch),
    ];

    public static readonly FailureRule[] Forwarding =
    [
        // Not OpenSSH's own notice after a changed host key ("Port forwarding is disabled to avoid
        // man-in-the-middle attacks."): that is the client's doing, and the changed key the failure.
        Rule("forwarding-refused", ClientStage.Session, ForwardingOff.IsMatch, unless: "man-in-the-middle"),
    ];

    public static readonly FailureRule[] PortChecks =
    [
        Rule("connection-refused", ClientStage.Connect, PortClosed.IsMatch),
        Rule("connection-timed-out", ClientStage.Connect, PortFiltered.IsMatch),
    ];

    /// <summary>Weak: a more specific line in the same paste says more.</summary>
    public static readonly FailureRule[] Others =
    [
        Rule("permission-denied", ClientStage.Auth, LoginRefused.IsMatch, strong: false, unless: "http"),
        Rule("closed-by-remote", null, ClosedByTheOtherSide.IsMatch, strong: false),
        Rule("connection-refused", ClientStage.Connect, RefusedTheConnection.IsMatch, strong: false),
        Rule("connection-timed-out", null, ConnectTimeout.IsMatch, strong: false),
        Rule("session-open-failed", ClientStage.Session, ChannelRefused.IsMatch, strong: false),
    ];

    private static FailureRule Rule(string error, ClientStage? stage, Func<string, bool> test, bool strong = true, string? unless = null) =>
        new("", error, stage, Strong: strong, Unless: unless) { Reading = line => !IsDebug(line) && test(line) ? error : null };

    private static bool IsDebug(string line) => line.StartsWith("debug", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The list a negotiation failure names: the first kind after the phrase of failure (within
    /// 80 characters), else the nearest before it ("Host key algorithm negotiation failed");
    /// "no-matching-algorithm" when the line names only "algorithm"; null when it is no
    /// negotiation failure ("No supported authentication methods" names none of the lists).
    /// </summary>
    public static string? NegotiationFailure(string line)
    {
        var phrase = NoAgreement.Match(line);
        if (!phrase.Success)
        {
            return null;
        }

        // A list's name outranks the bare word "algorithm" ("Host key algorithm negotiation failed").
        var end = Math.Min(line.Length, phrase.Index + phrase.Length + 80);
        var after = Kinds(line, phrase.Index, end).ToList();
        var start = Math.Max(0, phrase.Index - 40);
        var before = Kinds(line, start, phrase.Index).Reverse().ToList();
        return after.FirstOrDefault(IsList) ?? before.FirstOrDefault(IsList) ?? after.Concat(before).FirstOrDefault();
    }

    private static bool IsList(string kind) => kind != "no-matching-algorithm";

    private static IEnumerable<string> Kinds(string line, int start, int end)
    {
        for (var m = Kind.Match(line, start, end - start); m.Success; m = m.NextMatch())
        {
            if (KindOf(m) is { } kind)
            {
                yield return kind;
            }
        }
    }

    private static string? KindOf(Match kind) =>
        kind.Groups["hostkey"].Success ? "no-matching-hostkey"
        : kind.Groups["kex"].Success ? "no-matching-kex"
        : kind.Groups["cipher"].Success ? "no-matching-cipher"
        : kind.Groups["mac"].Success ? "no-matching-mac"
        : kind.Groups["any"].Success ? "no-matching-algorithm"
        : null;
}
