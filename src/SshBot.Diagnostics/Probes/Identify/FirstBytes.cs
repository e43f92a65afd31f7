using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace SshBot.Diagnostics.Probes.Identify;

/// <summary>
/// Decides from the first bytes of a line whether it can be part of an SSH server's greeting.
/// RFC 4253 §4.2 lets a server send lines before its identification line, but they are text
/// lines ending in CR LF; OpenSSH's client gives up at the first byte no such line may hold
/// (NUL, or a CR not followed by LF: "banner line contains invalid characters"), within
/// milliseconds. A TLS record starts with a content type of 0x14 to 0x17 and then 0x03 (an
/// alert is 0x15 0x03, a ServerHello 0x16 0x03); other binary protocols send control bytes
/// or bytes that are not UTF-8. Those are decided on at once, not waited out.
/// </summary>
public static class FirstBytes
{
    /// <summary>How many of the first bytes the evidence shows.</summary>
    public const int Shown = 32;

    /// <summary>What the bytes of a line received so far say.</summary>
    public enum Verdict
    {
        /// <summary>Text so far: it may still become a line before the banner, or the banner.</summary>
        MayBeText,

        /// <summary>A byte no line of an SSH greeting can hold.</summary>
        NotText,
    }

    /// <summary>Whether <paramref name="line"/> (the bytes of one line received so far, no LF among them) can still be text.</summary>
    public static Verdict Judge(ReadOnlySpan<byte> line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            var bad = b == (byte)'\r'
                ? i + 1 < line.Length && line[i + 1] != (byte)'\n'
                : (b < 0x20 && b != (byte)'\t') || b == 0x7F;
            if (bad)
            {
                return Verdict.NotText;
            }
        }

        // UTF-8 is allowed in lines before the banner; bytes that cannot be UTF-8 are not text.
        // A sequence cut at the end of what has come so far may still be completed.
        var chars = ArrayPool<char>.Shared.Rent(line.Length + 1);
        try
        {
            var status = Utf8.ToUtf16(line, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: false);
            return status == OperationStatus.InvalidData ? Verdict.NotText : Verdict.MayBeText;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>What the first bytes look like, for the evidence: tls, http, binary or text.</summary>
    public static string Kind(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 2 && bytes[0] is >= 0x14 and <= 0x17 && bytes[1] == 0x03)
        {
            return "tls";
        }

        if (bytes.StartsWith("HTTP/"u8))
        {
            return "http";
        }

        return Judge(bytes.Length > 0 && bytes[^1] == (byte)'\n' ? bytes[..^1] : bytes) == Verdict.NotText ? "binary" : "text";
    }

    /// <summary>
    /// The first bytes as hex and as printable ASCII (others shown as '.'), e.g.
    /// <c>15 03 03 00 02 02 46 |......F|</c>.
    /// </summary>
    public static string Format(ReadOnlySpan<byte> bytes)
    {
        var shown = bytes[..Math.Min(bytes.Length, Shown)];
        var sb = new StringBuilder((shown.Length * 4) + 8);
        foreach (var b in shown)
        {
            sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
        }

        sb.Append('|');
        foreach (var b in shown)
        {
            sb.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        }

        sb.Append('|');
        if (bytes.Length > shown.Length)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $" (+{bytes.Length - shown.Length} bytes)");
        }

        return sb.ToString();
    }
}
