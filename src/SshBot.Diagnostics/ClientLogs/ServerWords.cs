using System.Text;

namespace SshBot.Diagnostics.ClientLogs;

/// <summary>
/// What the server said before (or instead of) its identification line, as a client prints it:
/// OpenSSH's <c>kex_exchange_identification: banner line 0: Exceeded MaxStartups</c> (older:
/// <c>debug1: ssh_exchange_identification: TEXT</c>), and whether those words, or a packet length
/// that decodes to text, show that something other than SSH answered.
/// </summary>
internal static class ServerWords
{
    private static readonly string[] NotSshStarts = ["HTTP/", "<!DOCTYPE", "<html", "<?xml", "220 ", "220-", "+OK", "* OK", "RFB ", "{\"", "SMB", "AMQP", "-ERR", "-NOAUTH", "\\x15\\x03", "\\x16\\x03"];

    /// <summary>The server's own line quoted by the client, or null.</summary>
    public static string? PreBannerLine(string line)
    {
        const string Banner = "banner line ";
        var at = line.IndexOf(Banner, StringComparison.OrdinalIgnoreCase);
        if (at >= 0)
        {
            var colon = line.IndexOf(':', at + Banner.Length);
            return colon > 0 ? Clean(line[(colon + 1)..]) : null;
        }

        // paramiko logs each line before the identification as "Banner: ..." (its transport's log).
        const string Paramiko = "Banner: ";
        at = line.IndexOf(Paramiko, StringComparison.Ordinal);
        if (at >= 0 && line.Contains("transport", StringComparison.OrdinalIgnoreCase))
        {
            return Clean(line[(at + Paramiko.Length)..]);
        }

        const string Old = "ssh_exchange_identification: ";
        at = line.IndexOf(Old, StringComparison.OrdinalIgnoreCase);
        if (at >= 0 && line.StartsWith("debug", StringComparison.OrdinalIgnoreCase))
        {
            var rest = Clean(line[(at + Old.Length)..]);
            return rest is null || rest.StartsWith("read:", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("Connection closed", StringComparison.OrdinalIgnoreCase)
                ? null
                : rest;
        }

        return null;
    }

    /// <summary>The server's software version the client printed, or null.</summary>
    public static string? Software(string line)
    {
        foreach (var marker in (string[])["remote software version ", "Server version: SSH-2.0-", "Remote version: SSH-2.0-", "Server version: SSH-1.99-"])
        {
            var at = line.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                var rest = line[(at + marker.Length)..].Trim();
                var end = rest.IndexOf(' ', StringComparison.Ordinal);
                return Clean(end > 0 ? rest[..end] : rest);
            }
        }

        return null;
    }

    /// <summary>The words of a pre-banner line when they show that something other than SSH answered.</summary>
    public static bool LooksNotSsh(string words) =>
        NotSshStarts.Any(s => words.StartsWith(s, StringComparison.OrdinalIgnoreCase))
        || words.Contains("Bad Request", StringComparison.OrdinalIgnoreCase)
        || BinaryEscape.IsMatch(words);

    /// <summary>
    /// What a library logged as received from the server, when it is no SSH text: "Received: 220
    /// FTP Server ready.", "&lt;initialDataFromSshServer&gt;&lt;![CDATA[HTTP/1.1 400", "server sent: +OK".
    /// Null for any other line.
    /// </summary>
    public static string? ReceivedNotSsh(string line)
    {
        var match = ReceivedData.Match(line);
        return match.Success && Clean(match.Groups[1].Value) is { } words && LooksNotSsh(words) ? words : null;
    }

    private static readonly System.Text.RegularExpressions.Regex ReceivedData = new(
        @"(?:\breceived|\brecv|\bgot|\bserver (?:sent|said|replied|answered)|\bresponse|initialData[A-Za-z]*)(?: data| bytes| line)?\s*[:=>]\s*(?:<!\[CDATA\[)?[""'\[]?([^\r\n]{1,200})",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.NonBacktracking, TimeSpan.FromSeconds(1));

    /// <summary>
    /// OpenSSH prints bytes it cannot show as octal escapes (\024): a line before the banner
    /// carrying them is binary, not a server's words, so what answered does not speak SSH text.
    /// </summary>
    private static readonly System.Text.RegularExpressions.Regex BinaryEscape = new(
        @"\\[0-3][0-7]{2}", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>
    /// A line-based server (FTP, SMTP) answering the client's identification line as a command it
    /// does not know, and quoting it: "502 Invalid command "SSH-2.0-WinSCP_release_5.15"", "500
    /// 'SSH-2.0-OpenSSH_9.6': command not understood". Null for any other line.
    /// </summary>
    public static string? ReplyToIdentification(string line)
    {
        var match = ReplyWithIdentification.Match(line);
        return match.Success ? Clean(match.Groups[1].Value) : null;
    }

    private static readonly System.Text.RegularExpressions.Regex ReplyWithIdentification = new(
        @"(?:^|[\s>\]""'])([45][0-9]{2}[ -][^\r\n]{0,80}SSH-[12]\.[0-9]{1,2}-[^\r\n]{0,120})",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.NonBacktracking, TimeSpan.FromSeconds(1));

    /// <summary>
    /// "Bad packet length 1213486160" is the client reading four bytes of something else as an SSH
    /// packet length; when those bytes are text ("HTTP"), they say what answered.
    /// </summary>
    public static string? DecodePacketLength(string line)
    {
        const string Needle = "Bad packet length ";
        var at = line.IndexOf(Needle, StringComparison.OrdinalIgnoreCase);
        if (at < 0 || line.Contains("Received message too long", StringComparison.OrdinalIgnoreCase))
        {
            // sftp's "Received message too long" is read past login: text there is the login
            // shell's, not what answered the connect.
            return null;
        }

        var digits = new string(line[(at + Needle.Length)..].TakeWhile(char.IsAsciiDigit).ToArray());
        if (!uint.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length))
        {
            return null;
        }

        var bytes = new[] { (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length };
        return bytes.All(b => b is >= 0x20 and < 0x7F) ? Encoding.ASCII.GetString(bytes) : null;
    }

    private static string? Clean(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length == 0 ? null : trimmed.Length <= 200 ? trimmed : trimmed[..200];
    }
}
