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
        if (text.Length > MaxChars)
        {
            notes.Add($"the input was cut to its first {MaxChars / 1024} KiB");
            text = text[..MaxChars];
        }

        var lines = new List<Line>();
        var cutLines = 0;
        foreach (var raw in Expand(text).AsSpan().EnumerateLines())
        {
            if (lines.Count == MaxLines)
            {
                notes.Add($"only the first {MaxLines} lines were read");
                break;
            }

            if (raw.Length > MaxLineChars)
            {
                cutLines++;
            }

            var clean = Clean(raw);
            if (clean.Length > 0)
            {
                lines.Add(new Line(clean));
            }
        }

        if (cutLines > 0)
        {
            notes.Add($"{cutLines} line(s) longer than {MaxLineChars / 1024} KiB were shortened");
        }

        return lines;
    }

    /// <summary>
    /// The text with the line breaks that arrive escaped made real: Ansible's <c>"msg"</c> and
    /// Python's <c>b'...'</c> carry a whole <c>ssh -vvv</c> run on one line, its lines joined by
    /// a literal <c>\r\n</c> or <c>\n</c>. Read as one line, only its first failure counts and
    /// where the log stopped is lost. Only text that holds such a run (a <c>\r\n</c>, or a
    /// <c>\n</c> before <c>debug1:</c>) is changed, and a doubled backslash (<c>C:\\Users\\nancy</c>)
    /// is no break.
    /// </summary>
    public static string Expand(string text)
    {
        if (!text.Contains(@"\r\n", StringComparison.Ordinal) && !text.Contains(@"\ndebug", StringComparison.Ordinal))
        {
            return text;
        }

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

    /// <summary>One input line as the parser reads and quotes it: cut, printable, without chat decoration.</summary>
    public static string Clean(ReadOnlySpan<char> line) => Undecorate(Printable(line.Length > MaxLineChars ? line[..MaxLineChars] : line));

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

        // A time stamp the tool that showed the output put in front ("[10:41:22.012] > " in VS
        // Code's Remote-SSH log, "2024-05-01T10:00:01.2234567Z " in a CI log): the line is what follows.
        if (s.Length > 0 && (char.IsAsciiDigit(s[0]) || s[0] == '[') && Stamp().Match(s) is { Success: true } stamp)
        {
            s = s[stamp.Length..].TrimStart();
            while (s.StartsWith('>'))
            {
                s = s[1..].TrimStart();
            }
        }

        return s;
    }

    /// <summary>
    /// What chat clients, mail and word processors do to pasted text, undone: no-break and other
    /// Unicode spaces ("Connection&amp;nbsp;refused" from Teams), invisible format characters (zero-width
    /// spaces, a byte-order mark, a soft hyphen), typographic dashes ("ssh \u2013p 2222") and
    /// curly quotes ("Load key \u201C...\u201D") become what ssh printed.
    /// </summary>
    private static string Plain(string line)
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

    [GeneratedRegex(@"^(?:\[\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,9})?\]|\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?\]?)\s", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Stamp();
}
