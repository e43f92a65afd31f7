using System.Text;

namespace SshBot.Chat.Cards;

/// <summary>
/// How card text, whoever wrote it (a user, a host's banner, the bot), becomes safe in a chat
/// field. It is cleaned of control, zero-width and bidi characters and capped, then split into
/// words; a word a chat client could turn into a link, a mention or markup (a URL or scheme, a
/// domain or address, an e-mail, anything with <c>* _ ~ ` &lt; &gt; [ ] | @ # ! $ \ { }</c>) is
/// shown literally: a code span where the channel has them, so Slack does not auto-link it and
/// no Markdown reads it. Renderers escape the rest in their own dialect.
/// </summary>
public static class SafeText
{
    /// <summary>The longest text one field carries; longer text is cut with an ellipsis.</summary>
    public const int MaxFieldChars = 2000;

    private static readonly System.Buffers.SearchValues<char> Markup = System.Buffers.SearchValues.Create("*_~`<>[]|@#!$\\{}");
    private const string Leading = "(\"'";
    private const string Trailing = ".,;:!?)\"'…";

    /// <summary>
    /// Without control characters (newlines kept when <paramref name="multiline"/>, tabs and other
    /// breaks become spaces), zero-width and bidi characters; at most <paramref name="maxChars"/>
    /// characters, the last an ellipsis when it was cut.
    /// </summary>
    public static string Clean(string text, bool multiline = true, int maxChars = MaxFieldChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clean = new StringBuilder(Math.Min(text.Length, maxChars));
        foreach (var c in text)
        {
            if (clean.Length >= maxChars - 1)
            {
                return clean.Append('…').ToString();
            }

            if (c == '\n' && multiline)
            {
                clean.Append('\n');
            }
            else if (c is '\t' or '\r' or '\n' or '\u0085' or '\u2028' or '\u2029')
            {
                clean.Append(' ');
            }
            else if (c is '\u3002' or '\uFF0E' or '\uFF61')
            {
                // Dots in other scripts, which name resolution reads as '.': shown as the dot they are.
                clean.Append('.');
            }
            else if (!char.IsControl(c) && !IsInvisible(c) && c != '\uFFFD')
            {
                clean.Append(c);
            }
        }

        return clean.ToString();
    }

    /// <summary>Zero-width and direction-changing characters: they hide or reorder what a reader sees.</summary>
    public static bool IsInvisible(char c) =>
        c is '\u00AD' or '\u034F' or '\u061C' or '\u115F' or '\u1160' or '\u17B4' or '\u17B5' or '\u180E' or '\u3164' or '\uFEFF' or '\uFFA0'
            or (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E') or (>= '\u2060' and <= '\u206F') or (>= '\uFFF0' and <= '\uFFFB')
            or (>= '\uFE00' and <= '\uFE0F');

    /// <summary>
    /// The cleaned text as runs: whitespace and ordinary words plain, words that need it literal
    /// (with surrounding punctuation left outside). Joined, the runs are the cleaned text.
    /// </summary>
    public static IReadOnlyList<(string Text, bool Literal)> Runs(string text, bool multiline = true)
    {
        var clean = Clean(text, multiline);
        var runs = new List<(string Text, bool Literal)>();
        var plain = new StringBuilder();
        var i = 0;
        while (i < clean.Length)
        {
            if (char.IsWhiteSpace(clean[i]))
            {
                plain.Append(clean[i++]);
                continue;
            }

            var end = i;
            while (end < clean.Length && !char.IsWhiteSpace(clean[end]))
            {
                end++;
            }

            var word = clean[i..end];
            var head = 0;
            while (head < word.Length && Leading.Contains(word[head], StringComparison.Ordinal))
            {
                head++;
            }

            var tail = word.Length;
            while (tail > head && Trailing.Contains(word[tail - 1], StringComparison.Ordinal))
            {
                tail--;
            }

            var core = word[head..tail];
            if (core.Length > 0 && NeedsLiteral(core))
            {
                plain.Append(word[..head]);
                Flush(runs, plain);
                runs.Add((core, true));
                plain.Append(word[tail..]);
            }
            else
            {
                plain.Append(word);
            }

            i = end;
        }

        Flush(runs, plain);
        return runs;
    }

    /// <summary>
    /// A word a client could make clickable or read as markup: a URL, a scheme (<c>javascript:</c>),
    /// <c>www.</c>, a dotted name or address (<c>evil.example</c>, <c>10.1.2.3</c>), an e-mail, or
    /// any markup character.
    /// </summary>
    public static bool NeedsLiteral(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.AsSpan().IndexOfAny(Markup) >= 0 || word.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // scheme:anything (javascript:x, https://x, web-01:2222, Targets:Allow); a bare "Word:" is prose.
        var colon = word.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && colon < word.Length - 1)
        {
            return true;
        }

        // A dot with a letter or digit on both sides: a domain, a file name, an address. "0.90" is a number.
        for (var d = word.IndexOf('.', StringComparison.Ordinal); d > 0 && d < word.Length - 1; d = word.IndexOf('.', d + 1))
        {
            if (char.IsLetterOrDigit(word[d - 1]) && char.IsLetterOrDigit(word[d + 1]) && !IsDecimalNumber(word))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDecimalNumber(string word) =>
        word.Count(c => c == '.') == 1 && word.All(c => char.IsAsciiDigit(c) || c == '.');

    private static void Flush(List<(string Text, bool Literal)> runs, StringBuilder plain)
    {
        if (plain.Length > 0)
        {
            runs.Add((plain.ToString(), false));
            plain.Clear();
        }
    }
}
