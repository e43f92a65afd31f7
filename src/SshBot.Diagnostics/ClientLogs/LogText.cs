using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace SshBot.Diagnostics.ClientLogs;

/// <summary>
/// Turns pasted text into bounded, undecorated lines: at most <see cref="MaxChars"/> characters
/// and <see cref="MaxLines"/> lines are read, each line is cut at <see cref="MaxLineChars"/>,
/// control characters become spaces, and chat decoration (HTML entities, quote markers, code
/// fences) is removed. Nothing here can take more than linear time in the capped input.
/// </summary>
internal static partial class LogText
{
    public const int MaxChars = 1024 * 1024;
    public const int MaxLineChars = 8 * 1024;
    public const int MaxLines = 50_000;

    /// <summary>One line as pasted, without chat decoration: what a reply quotes back.</summary>
    public sealed record Line(string Text);

    public static IReadOnlyList<Line> Split(string text, List<string> notes)
    {
        var lines = new List<Line>();
        foreach (var raw in RawLines(text, notes))
        {
            // RawLines removed the colour codes already.
            var clean = Tidy(raw);
            if (clean.Length > 0)
            {
                lines.Add(new Line(clean));
            }
        }

        return lines;
    }

    /// <summary>
    /// The input's lines as the parser reads them, before <see cref="Clean"/>: escaped and HTML
    /// line breaks made real, terminal colour codes and a viewer's line numbers removed, lines a
    /// terminal cut at its width joined again, and output that lost its line breaks split where
    /// ssh starts a line. Bounded by <see cref="MaxChars"/> and <see cref="MaxLines"/>; what was
    /// cut is said in <paramref name="notes"/>.
    /// </summary>
    public static IReadOnlyList<string> RawLines(string text, List<string>? notes = null)
    {
        if (text.Length > MaxChars)
        {
            notes?.Add($"the input was cut to its first {MaxChars / 1024} KiB");
            text = text[..MaxChars];
        }

        var lines = new List<string>();
        var cutLines = 0;
        foreach (var raw in HtmlBreaks(text).AsSpan().EnumerateLines())
        {
            if (lines.Count == MaxLines)
            {
                notes?.Add($"only the first {MaxLines} lines were read");
                break;
            }

            if (raw.Length > MaxLineChars)
            {
                cutLines++;
            }

            lines.Add(Uncoloured(raw.Length > MaxLineChars ? raw[..MaxLineChars] : raw));
        }

        if (cutLines > 0)
        {
            notes?.Add($"{cutLines} line(s) longer than {MaxLineChars / 1024} KiB were shortened");
        }

        // Escaped line breaks are made real after a terminal's cuts are joined: a cut can fall
        // inside one ("\r" at the end of a line, "n" at the start of the next).
        return Unflattened(Expanded(Unwrapped(Unnumbered(lines))));
    }

    /// <summary>Each line with the escaped line breaks it carries made real (<see cref="Expand"/>), at most <see cref="MaxLines"/> in all.</summary>
    private static List<string> Expanded(List<string> lines)
    {
        if (!lines.Any(HoldsEscapedRun))
        {
            return lines;
        }

        var expanded = new List<string>(lines.Count);
        foreach (var line in lines)
        {
            foreach (var part in HoldsEscapedRun(line) ? Expand(line).Split('\n') : [line])
            {
                if (expanded.Count == MaxLines)
                {
                    return expanded;
                }

                expanded.Add(part);
            }
        }

        return expanded;
    }

    private static bool HoldsEscapedRun(string line) =>
        line.Contains(@"\r\n", StringComparison.Ordinal) || line.Contains(@"\ndebug", StringComparison.Ordinal);

    /// <summary>
    /// Lines without the numbers a viewer put before them (<c>cat -n</c>, <c>less -N</c>, a
    /// paste site: "    12\tdebug1: ...", "12 | debug1: ..."). Taken as numbers only when four
    /// in five of the lines with text start with one, counting up by one: at least three lines,
    /// or two counted from 1.
    /// </summary>
    private static List<string> Unnumbered(List<string> lines)
    {
        var numbered = lines.Select(l => LineNumber().Match(l)).ToList();
        var withText = lines.Count(l => !string.IsNullOrWhiteSpace(l));
        var matches = numbered.Where(m => m.Success).ToList();
        if (matches.Count < 2 || matches.Count * 5 < withText * 4)
        {
            return lines;
        }

        var numbers = matches.Select(m => long.Parse(m.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if ((matches.Count < 3 && numbers[0] != 1) || numbers.Zip(numbers.Skip(1)).Any(p => p.Second != p.First + 1))
        {
            return lines;
        }

        return lines.Select((l, i) => numbered[i].Success ? l[numbered[i].Length..] : l).ToList();
    }

    [GeneratedRegex(@"^ {0,8}(\d{1,6})(?:\t| ?\| ?| {1,2}(?=\S))", RegexOptions.CultureInvariant)]
    private static partial Regex LineNumber();

    /// <summary>
    /// HTML line breaks made real: Teams sends a message as HTML (<c>&lt;p&gt;</c>, <c>&lt;br&gt;</c>,
    /// <c>&lt;div&gt;</c>), and so does a paste from a web page or mail. The paragraph, break and
    /// formatting tags go; anything else in angle brackets (Ansible's <c>&lt;198.18.0.5&gt;</c>) stays.
    /// </summary>
    private static string HtmlBreaks(string text)
    {
        if (!(text.Contains("<br", StringComparison.OrdinalIgnoreCase) || text.Contains("</p>", StringComparison.OrdinalIgnoreCase)
            || text.Contains("</div>", StringComparison.OrdinalIgnoreCase)))
        {
            return text;
        }

        return HtmlFormatting().Replace(HtmlBreak().Replace(text, "\n"), "");
    }

    [GeneratedRegex(@"<br\s*/?>|</?(?:p|div|li|tr)(?:\s[^<>]{0,200})?>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex HtmlBreak();

    [GeneratedRegex(@"</?(?:span|pre|code|b|i|u|em|strong|font|blockquote|tt|ul|ol|table|tbody|td)(?:\s[^<>]{0,200})?>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex HtmlFormatting();

    /// <summary>
    /// A line without terminal colour and cursor codes: with their escape character
    /// (<c>ESC[0;31m</c> in a CI log, Ansible's colours, a terminal title), written in caret
    /// notation (<c>^[[0;31m</c>, as <c>less</c> and <c>cat -v</c> show them), or with the escape
    /// lost in copying (<c>[0;31m</c>). A lost-escape code standing alone between spaces
    /// (<c>refused [5m ago]</c>) is words, and stays.
    /// </summary>
    private static string Uncoloured(ReadOnlySpan<char> line)
    {
        var text = line.ToString();
        if (text.Contains('\u001b', StringComparison.Ordinal) || text.Contains("^[[", StringComparison.Ordinal))
        {
            text = EscapedColour().Replace(text, "");
        }

        return text.Contains('[', StringComparison.Ordinal)
            ? LostEscapeColour().Replace(text, m => Alone(text, m) ? m.Value : "")
            : text;
    }

    private static bool Alone(string text, Match code) =>
        (code.Index == 0 || char.IsWhiteSpace(text[code.Index - 1]))
        && (code.Index + code.Length == text.Length || char.IsWhiteSpace(text[code.Index + code.Length]));

    [GeneratedRegex(@"\u001b\[[0-?]{0,32}[ -/]{0,4}[@-~]|\u001b\][^\u0007\u001b]{0,512}(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\^\[\[[0-9;]{0,32}[A-Za-z]", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex EscapedColour();

    [GeneratedRegex(@"\[\d{1,3}(?:;\d{1,3}){0,7}m", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex LostEscapeColour();

    /// <summary>The widths terminals are commonly set to: one line cut at exactly one of these is taken as wrapped.</summary>
    private static readonly int[] TerminalWidths = [80, 100, 120, 132, 160, 200];

    /// <summary>
    /// Lines a terminal's copy, a console window or <c>fold</c> cut at its width, joined again. A
    /// paste was cut so when its longest lines, at least 60 characters, all have the same length:
    /// two or more different ones (a line repeated is no sign), or one at a common terminal
    /// width. Each line of that length is joined to the next, unless the next starts a line of
    /// ssh's own (<c>debug1:</c>, <c>Permission denied (</c>, ...). Text broken between words (by
    /// a mail client) is left as it is: telling its breaks from the lines ssh printed is guesswork.
    /// </summary>
    private static List<string> Unwrapped(List<string> lines)
    {
        var width = lines.Count == 0 ? 0 : lines.Max(l => l.Length);
        if (width < 60 || width > 512)
        {
            return lines;
        }

        // A cut line leaves a tail: a line of that width followed by a shorter one. Lines that
        // only happen to be as long as each other (one host after another in pdsh's output,
        // names and messages of the same length) leave none.
        var atWidth = lines.Where(l => l.Length == width).Distinct(StringComparer.Ordinal).Count();
        var tail = Enumerable.Range(0, lines.Count - 1).Any(i => lines[i].Length == width && lines[i + 1].Length is > 0 && lines[i + 1].Length < width);
        // Or one line whose length was a multiple of the width: every line is cut, none is left
        // over. Lines that each start one of ssh's (a tool's per-host lines) stay apart in Joined.
        var cutExactly = atWidth >= 2 && lines.All(l => l.Length == width || l.Length == 0);
        return (tail || cutExactly) && (atWidth >= 2 || TerminalWidths.Contains(width)) ? Joined(lines, i => lines[i].Length == width) : lines;
    }

    /// <summary>The lines with each one <paramref name="wrapped"/> says was cut joined to the next, unless the next starts a line of ssh's.</summary>
    private static List<string> Joined(List<string> lines, Func<int, bool> wrapped)
    {
        var joined = new List<string>(lines.Count);
        var pending = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            pending.Append(lines[i]);
            if (i + 1 < lines.Count && lines[i + 1].Length > 0 && !StartsLine(lines[i + 1]) && wrapped(i) && pending.Length < MaxLineChars)
            {
                continue;
            }

            joined.Add(pending.ToString());
            pending.Clear();
        }

        return joined;
    }

    /// <summary>
    /// Whether a line starts one of ssh's own lines: at its start, or after the one prefix a tool
    /// over several hosts puts there ("web-02: ssh: connect to host ...", pdsh's and clush's).
    /// </summary>
    private static bool StartsLine(string line)
    {
        if (VerboseLine().IsMatch(line) || (LineHead().Match(line) is { Success: true } head && line.AsSpan(0, head.Index).IsWhiteSpace()))
        {
            return true;
        }

        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0 || colon > 64 || line.AsSpan(0, colon).ContainsAny(' ', '\t'))
        {
            return false;
        }

        var rest = line[(colon + 2)..].TrimStart();
        return rest.Length > 0 && (VerboseLine().IsMatch(rest) || (LineHead().Match(rest) is { Success: true, Index: 0 }));
    }

    /// <summary>
    /// Output that lost its line breaks (pasted into a one-line field, or flattened by a chat
    /// client or a ticket system) split again: before each <c>debug1:</c>, <c>debug2:</c> or
    /// <c>debug3:</c> marker when one line holds two or more, and before the words ssh starts a
    /// line with (<see cref="LineHead"/>) where they follow other text, not a colon
    /// (<c>kex_exchange_identification: Connection closed by remote host</c> is one line).
    /// </summary>
    private static List<string> Unflattened(List<string> lines)
    {
        var split = new List<string>(lines.Count);
        foreach (var line in lines)
        {
            var cuts = Cuts(line);
            if (cuts.Count == 0)
            {
                split.Add(line);
                continue;
            }

            var start = 0;
            foreach (var cut in cuts)
            {
                split.Add(line[start..cut]);
                start = cut;
            }

            split.Add(line[start..]);
        }

        return split;
    }

    /// <summary>Where a flattened line is to be cut, in order; none for a line as ssh prints it.</summary>
    private static List<int> Cuts(string line)
    {
        var cuts = new List<int>();
        if (line.Length < 40)
        {
            return cuts;
        }

        var markers = VerboseMarker().Matches(line);
        if (markers.Count >= 2)
        {
            cuts.AddRange(markers.Select(m => m.Index).Where(i => i > 0));
        }

        foreach (Match head in LineHead().Matches(line))
        {
            var before = head.Index - 1;
            while (before >= 0 && char.IsWhiteSpace(line[before]))
            {
                before--;
            }

            // Not after decoration alone ("2024-05-01T10:00:02Z ssh: connect to host ..."): that is one
            // line. (Cleaned with the head's first letter, as a stamp counts only before a word.)
            if (before >= 0 && before < head.Index - 1 && line[before] != ':' && Clean(line.AsSpan(0, head.Index + 1)).Length > 1)
            {
                cuts.Add(head.Index);
            }
        }

        cuts.Sort();
        return cuts.Distinct().ToList();
    }

    /// <summary>Words that only start a line of ssh's or git's output, or of the far side's shell and rsync under it.</summary>
    [GeneratedRegex(@"kex_exchange_identification: |ssh_exchange_identification: |ssh: connect to host |ssh: Could not resolve hostname |Unable to negotiate with |Permission denied \(|Host key verification failed\.|Received disconnect from |Disconnected from |Connection closed by |Connection reset by |Connection timed out during banner exchange|client_loop: |Warning: Permanently added |The authenticity of host |@@@@@@@@@@|fatal: |Load key |OpenSSH_\S{1,40}, (?:OpenSSL|LibreSSL) |PTY allocation request failed|shell request failed|Received message too long|rsync: connection unexpectedly closed|rsync error: |\b(?:ba|da|a|k|z)?sh: (?:line [0-9]{1,6}: |[0-9]{1,6}: |/)", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex LineHead();

    [GeneratedRegex(@"^\s*debug[1-3]: ", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex VerboseLine();

    [GeneratedRegex(@"\bdebug[1-3]: ", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex VerboseMarker();

    /// <summary>
    /// The text with the line breaks that arrive escaped made real: Ansible's <c>"msg"</c> and
    /// Python's <c>b'...'</c> carry a whole <c>ssh -vvv</c> run on one line, its lines joined by
    /// a literal <c>\r\n</c> or <c>\n</c>. Read as one line, only its first failure counts and
    /// where the log stopped is lost. Only text that holds such a run (a <c>\r\n</c>, or a
    /// <c>\n</c> before <c>debug1:</c>) is changed, and a doubled backslash (<c>C:\\Users\\nancy</c>)
    /// is no break.
    /// </summary>
    private static string Expand(string text)
    {
        try
        {
            return EscapedBreak().Replace(text, "\n");
        }
        catch (RegexMatchTimeoutException)
        {
            return text;
        }
    }

    [GeneratedRegex(@"(?<!\\)\\r\\n|(?<!\\)\\n", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex EscapedBreak();

    /// <summary>One input line as the parser reads and quotes it: cut, printable, without colour codes or chat decoration.</summary>
    public static string Clean(ReadOnlySpan<char> line) => Tidy(Uncoloured(line.Length > MaxLineChars ? line[..MaxLineChars] : line));

    /// <summary><see cref="Clean"/> for a line whose colour codes are gone (<see cref="RawLines"/>' lines).</summary>
    private static string Tidy(ReadOnlySpan<char> line) => Undecorate(Printable(line.Length > MaxLineChars ? line[..MaxLineChars] : line));

    /// <summary>Control characters, NULs and replacement characters from binary input become spaces.</summary>
    private static string Printable(ReadOnlySpan<char> line)
    {
        var builder = new StringBuilder(line.Length);
        foreach (var c in line)
        {
            builder.Append(char.IsControl(c) || c == '\uFFFD' || char.IsSurrogate(c) ? ' ' : c);
        }

        return builder.ToString();
    }

    private static string Undecorate(string line)
    {
        var s = line.Contains('&', StringComparison.Ordinal) ? WebUtility.HtmlDecode(line) : line;
        s = Plain(s).Trim();
        // Quote markers from Markdown, Slack and mail, possibly nested ("> > ").
        while (s.StartsWith('>'))
        {
            s = s[1..].TrimStart();
        }

        // Code fences, alone on a line or glued to the text ("```ssh -v web-01").
        s = s.Replace("```", "", StringComparison.Ordinal).Trim();
        if (s.Length >= 2 && s[0] == '`' && s[^1] == '`')
        {
            s = s[1..^1].Trim();
        }

        // What the tool that showed the output put in front, a time stamp and a level, one after
        // the other ("2024-05-01 10:00:01,123 - deploy - ERROR - "): the line is what follows.
        for (var i = 0; i < 3 && s.Length > 0 && Stamp().Match(s) is { Success: true, Length: > 0 } stamp; i++)
        {
            s = s[stamp.Length..].TrimStart();
            while (s.StartsWith('>'))
            {
                s = s[1..].TrimStart();
            }
        }

        return s;
    }

    /// <summary>The letters of the ligatures U+FB00 to U+FB06.</summary>
    private static readonly string[] Ligatures = ["ff", "fi", "fl", "ffi", "ffl", "st", "st"];

    /// <summary>
    /// What chat clients, mail, PDFs and word processors do to pasted text, undone: ligatures and
    /// full-width forms, no-break and other Unicode spaces ("Connection&amp;nbsp;refused" from
    /// Teams), invisible format characters (zero-width spaces, a byte-order mark, a soft hyphen),
    /// typographic dashes ("ssh \u2013p 2222") and curly quotes ("Load key \u201C...\u201D")
    /// become what ssh printed.
    /// </summary>
    internal static string Plain(string line)
    {
        if (!line.Any(c => c > '\u007F'))
        {
            return line;
        }

        var builder = new StringBuilder(line.Length);
        foreach (var c in line)
        {
            if (c <= '\u007F')
            {
                builder.Append(c);
            }
            else if (char.IsWhiteSpace(c))
            {
                builder.Append(' ');
            }
            else if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            {
                // Invisible: dropped.
            }
            else if (c is >= '\uFB00' and <= '\uFB06')
            {
                // A PDF's or word processor's ligature ("veri\uFB01cation"), as its letters. (The
                // bot runs with invariant globalization, so string.Normalize cannot do this.)
                builder.Append(Ligatures[c - '\uFB00']);
            }
            else if (c is >= '\uFF01' and <= '\uFF5E')
            {
                // A full-width letter or sign from an East Asian input method ("\uFF1A"), as ASCII.
                builder.Append((char)(c - 0xFEE0));
            }
            else
            {
                builder.Append(c switch
                {
                    >= '\u2010' and <= '\u2015' or '\u2212' => '-',
                    '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' => '\'',
                    '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' => '"',
                    _ => c,
                });
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// What tools put before each line: a clock time, bare or in brackets ("[10:41:22.012] > " in
    /// VS Code's Remote-SSH log); an ISO date and time (CI logs); Go's log date
    /// ("2024/05/01 10:41:22 "); klog's level, time, thread and file ("E0501 10:41:22.441716
    /// 22741 portforward.go:400] ", kubectl); a Docker build's step and seconds ("#12 0.345 ");
    /// a syslog date, host name and a client program's tag ("Dec  4 10:41:22 laptop ssh[812]: ",
    /// a tunnel run as a service); a CI runner's annotation ("##[error]"); a bracketed level
    /// ("[ERROR] ") and Python logging's " - name - LEVEL - ". sshd's journal lines keep their
    /// date and tag: the date says when, the tag whose line it is.
    /// </summary>
    [GeneratedRegex(@"^(?:(?:\[?\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,9})?\]?|\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?\]?|\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,9})?|[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d{1,9} {1,12}\d{1,10} [\w.-]{1,64}:\d{1,6}\]|#\d{1,4} \d{1,5}\.\d{1,3}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}\d{1,2} \d{2}:\d{2}:\d{2} [\w.-]{1,64} (?:ssh|autossh|scp|sftp|git)(?:\[\d{1,10}\])?:|\[(?:ERROR|WARN|WARNING|INFO|DEBUG|FATAL|TRACE|error|warn|warning|info|debug|fatal|trace)\]|- [\w.]{1,64} - (?:CRITICAL|ERROR|WARNING|INFO|DEBUG) -)\s|##\[(?:error|warning|notice|debug|group|command)\])", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Stamp();
}
