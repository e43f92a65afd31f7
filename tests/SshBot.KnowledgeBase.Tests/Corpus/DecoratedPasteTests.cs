using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using SshBot.KnowledgeBase.Explaining;
using SshBot.KnowledgeBase.Tests.Support;

namespace SshBot.KnowledgeBase.Tests.Corpus;

/// <summary>
/// The same outputs as the corpus and the blind samples, decorated the ways pastes arrive: the
/// asker's own words around them (naming what they checked), a cut marked in the middle, colour
/// codes from a CI log, time stamps and tags that a logger or a build tool put before each line,
/// HTML from Teams, quote markers, Slack's escaping, lines a terminal wrapped, addresses the user
/// masked (<c>192.168.xx.xx</c>). The verdict is the one the plain output gets: how the output
/// reached the bot is not evidence.
/// </summary>
public sealed partial class DecoratedPasteTests(ITestOutputHelper output)
{
    private const string NothingFound = "(no SSH error found)";

    private static readonly Dictionary<string, Func<string, string>> Decorate = new(StringComparer.Ordinal)
    {
        // The asker's words and what else they paste.
        ["prose"] = t => "Hi all, since this morning I can't get into our build server. Here is what I get:\n\n" + t + "\n\nAny idea what is going on? Thanks in advance!",
        ["prose-keywords"] = t => "I already checked the permissions on ~/.ssh, the firewall and that sshd is running, and restarted it. Still failing:\n" + t + "\nI also tried with a new key and with password authentication, same thing.",
        ["prose-after"] = t => t + "\nEDIT: the server is reachable by ping and the port is open in the security group.",
        ["client-config"] = t => "my ~/.ssh/config:\nHost web-01\n    HostName 198.18.0.7\n    User deploy\n    Port 22\n    IdentityFile ~/.ssh/id_ed25519\n    ServerAliveInterval 60\n\n" + t,
        ["sshd-config"] = t => t + "\n\nsshd_config on the server:\nPort 22\nPermitRootLogin prohibit-password\nPubkeyAuthentication yes\nPasswordAuthentication yes\nUsePAM yes\nX11Forwarding yes\nSubsystem sftp /usr/lib/openssh/sftp-server",
        ["tried-twice"] = t => t + "\n" + t,
        ["omission"] = t => { var l = t.Split('\n'); return l.Length < 6 ? t : string.Join('\n', l[..(l.Length / 2)]) + "\n[... 40 lines removed ...]\n...\n" + string.Join('\n', l[(l.Length / 2)..]); },

        // What a tool puts before each line.
        ["iso-stamp"] = t => PerLine(t, l => "2024-05-01T10:00:01.2234567Z " + l),
        ["jenkins-stamp"] = t => PerLine(t, l => "[2024-05-01T10:00:01.223Z] " + l),
        ["clock-stamp"] = t => PerLine(t, l => "10:41:22 " + l),
        ["journal"] = t => PerLine(t, l => "Dec 04 10:00:01 laptop ssh[812]: " + l),
        ["docker-build"] = t => PerLine(t, l => "#12 0.345 " + l),
        ["go-log"] = t => PerLine(t, l => "2024/05/01 10:00:01 " + l),
        ["klog"] = t => PerLine(t, l => "E0501 10:00:01.441716   22741 main.go:400] " + l),
        ["gha-error"] = t => PerLine(t, l => "##[error]" + l),
        ["python-logging"] = t => PerLine(t, l => "2024-05-01 10:00:01,123 - deploy - ERROR - " + l),
        ["bracket-level"] = t => PerLine(t, l => "[ERROR] " + l),
        ["ci-log"] = t => PerLine(t, l => "2024-05-01T10:00:01.2234567Z \u001b[36;1m" + l + "\u001b[0m").Replace("\n", "\r\n", StringComparison.Ordinal),
        ["numbered-cat-n"] = t => string.Join('\n', t.Split('\n').Select((l, i) => $"{i + 1,6}\t{l}")),
        ["numbered-gutter"] = t => string.Join('\n', t.Split('\n').Select((l, i) => $"{i + 1,3} | {l}")),

        // Terminal colour codes.
        ["ansi-colour"] = t => PerLine(t, l => "\u001b[0;31m" + l + "\u001b[0m"),
        ["ansi-colour-lost-escape"] = t => PerLine(t, l => "[0;31m" + l + "[0m"),
        ["ansi-caret-notation"] = t => PerLine(t, l => "^[[1;31m" + l + "^[[0m"),

        // What chat, mail and documents do to text.
        ["crlf"] = t => t.Replace("\n", "\r\n", StringComparison.Ordinal),
        ["indent"] = t => PerLine(t, l => "    " + l),
        ["tabs"] = t => PerLine(t, l => "\t" + l),
        ["blank-between"] = t => t.Replace("\n", "\n\n", StringComparison.Ordinal),
        ["quoted"] = t => PerLine(t, l => "> " + l),
        ["slack-escaped"] = t => t.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal),
        ["no-break-spaces"] = t => t.Replace(' ', '\u00A0'),
        ["ligatures"] = t => t.Replace("fi", "\uFB01", StringComparison.Ordinal).Replace("fl", "\uFB02", StringComparison.Ordinal),
        ["teams-html"] = t => "<p>" + string.Join("<br>", t.Split('\n').Select(WebUtility.HtmlEncode)) + "</p>",
        ["terminal-wrap-80"] = t => PerLine(t, l => Wrap(l, 80)),
        ["terminal-wrap-120"] = t => PerLine(t, l => Wrap(l, 120)),

        // What the asker hides.
        ["masked-address"] = t => Regex.Replace(t, @"\b(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}\b", "$1.$2.xx.xx"),
        ["masked-address-stars"] = t => Regex.Replace(t, @"\b(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}\b", "$1.$2.***.***"),
    };

    /// <summary>
    /// The share of flattened outputs whose verdict may still change: where the line breaks went,
    /// only ssh's own line starts show them again, and other tools' lines (kubectl's, Vagrant's,
    /// PuTTY's), a second command line (a run under sudo) or sftp's bare "Connection closed" run
    /// together. Measured 2026-12-04: 8 of 404, then 10 of 450; 2026-12-05: 9 of 539, then 14 of 603.
    /// </summary>
    private const double MostChangedWhenFlattened = 0.025;

    public static TheoryData<string> Decorations => new(Decorate.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Decorations))]
    public void ADecoratedPasteGetsThePlainPastesVerdict(string decoration)
    {
        var changed = Changed(Decorate[decoration]);

        Assert.True(changed.Count == 0, $"{decoration}: the verdict changed for {changed.Count}:\n{string.Join('\n', changed)}");
    }

    /// <summary>
    /// A run that failed before the one pasted (the user tried another host or port first): the
    /// last run that failed decides. Only outputs that start with their command and show a failure
    /// are used: for the others, where one run ends is not shown, or the earlier failure is the one
    /// to explain (a login that works after it is the user's own check).
    /// </summary>
    [Theory]
    [InlineData("$ ssh -p 2200 ops@old-box\nssh: connect to host old-box port 2200: Connection timed out")]
    [InlineData("ops@laptop ~ % ssh ops@old-box\nops@old-box: Permission denied (publickey).")]
    [InlineData("$ git push\nHost key verification failed.\nfatal: Could not read from remote repository.")]
    public void AnEarlierRunInThePasteDoesNotDecide(string earlierRun)
    {
        var changed = Changed(t => earlierRun + "\n" + t.TrimStart(), e => StartsWithCommand().IsMatch(e.Text.TrimStart()) && Top(e.Text) is not (NothingFound or "healthy"));

        Assert.True(changed.Count == 0, $"the verdict changed for {changed.Count}:\n{string.Join('\n', changed)}");
    }

    /// <summary>A first line that is a command, not output that starts with the word ssh ("ssh: connect to host ...").</summary>
    [GeneratedRegex(@"^(\S*[$#%>] )?(ssh|scp|sftp|git) [^:\n]*(\n|$)")]
    private static partial Regex StartsWithCommand();

    [Fact]
    public void APasteThatLostItsLineBreaksMostlyGetsThePlainPastesVerdict()
    {
        var changed = Changed(t => t.Replace('\n', ' '));
        var most = (int)(MostChangedWhenFlattened * CorpusEntry.All.Concat(CorpusEntry.Validation).Count());

        Assert.True(changed.Count <= most, $"flattened: the verdict changed for {changed.Count} (at most {most}):\n{string.Join('\n', changed)}");
    }

    private List<string> Changed(Func<string, string> decorate, Func<CorpusEntry, bool>? which = null)
    {
        var entries = CorpusEntry.All.Concat(CorpusEntry.Validation).Where(which ?? (_ => true)).ToArray();
        var changed = entries
            .Select(e => (e.Name, Plain: Top(e.Text), Decorated: Top(decorate(e.Text))))
            .Where(r => r.Plain != r.Decorated)
            .Select(r => $"{r.Name}: {r.Plain} -> {r.Decorated}")
            .ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{changed.Count} of {entries.Length} changed"));
        return changed;
    }

    private static string Top(string text) =>
        ClientLogExplainer.Explain(RealKb.Instance, text).Findings.Select(f => f.Id).FirstOrDefault() ?? NothingFound;

    private static string PerLine(string text, Func<string, string> decorate) =>
        string.Join('\n', text.Split('\n').Select(l => l.Trim().Length == 0 ? l : decorate(l)));

    /// <summary>The line cut every <paramref name="width"/> characters, as a terminal's copy or <c>fold</c> cuts it.</summary>
    private static string Wrap(string line, int width)
    {
        var wrapped = new StringBuilder();
        for (var i = 0; i < line.Length; i += width)
        {
            wrapped.Append(i > 0 ? "\n" : "").Append(line.AsSpan(i, Math.Min(width, line.Length - i)));
        }

        return wrapped.ToString();
    }
}
