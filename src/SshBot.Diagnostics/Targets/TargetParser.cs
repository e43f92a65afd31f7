using System.Globalization;
using System.Net;

namespace SshBot.Diagnostics.Targets;

/// <summary>
/// Strict parsing of <c>[user@]host[:port]</c>, <c>[user@][v6]:port</c> and bare IPv6
/// literals. Anything that could be read as an option or reach a shell (a leading '-',
/// whitespace, control or shell characters, non-ASCII look-alikes such as a soft hyphen) is
/// refused with one line saying why, before any socket or process exists.
/// </summary>
public static class TargetParser
{
    public const int MaxHostLength = 253;
    private const int MaxUserLength = 32;

    public static Target Parse(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shown = Show(input);
        if (input.Length == 0)
        {
            throw new TargetFormatException("The target is empty: give a host, e.g. web-01 or deploy@10.1.2.3:2222.");
        }

        if (input.Length > MaxHostLength + MaxUserLength + 10)
        {
            throw new TargetFormatException($"'{shown}' is not a valid target: longer than {MaxHostLength} characters.");
        }

        foreach (var c in input)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                throw new TargetFormatException($"'{shown}' is not a valid target: it contains whitespace or a control character.");
            }

            if (c > '~')
            {
                throw new TargetFormatException($"'{shown}' is not a valid target: it contains the non-ASCII character U+{(int)c:X4}.");
            }
        }

        if (input.Contains('%', StringComparison.Ordinal))
        {
            // [fe80::1%eth0], [::1%25lo]: a zone names an interface of this machine, never a host to check.
            throw new TargetFormatException($"'{shown}' is not a valid target: an IPv6 zone id ('%' and an interface) is not accepted; give the address without it.");
        }

        var rest = input;
        if (rest.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest["ssh://".Length..].TrimEnd('/');
        }

        string? user = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            user = rest[..at];
            rest = rest[(at + 1)..];
            ValidateUser(user, shown);
        }

        var (host, port) = SplitHostPort(rest, shown);
        if (MaskedAddress.IsMasked(host))
        {
            throw new TargetFormatException($"'{shown}' is a masked address (parts of it are hidden): give the host's real name or address.");
        }

        if (AddressParser.TryParse(host, out var address))
        {
            return new Target(address.ToString(), port, user, address);
        }

        ValidateHostName(host, shown);
        return new Target(host.TrimEnd('.').ToLowerInvariant(), port, user, null);
    }

    private static (string Host, int Port) SplitHostPort(string text, string shown)
    {
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new TargetFormatException($"'{shown}' is not a valid target: '[' without a closing ']'.");
            }

            var inner = text[1..close];
            var after = text[(close + 1)..];
            if (!inner.Contains(':', StringComparison.Ordinal) || !AddressParser.TryParse(inner, out _))
            {
                throw new TargetFormatException($"'{shown}' is not a valid target: '[{Show(inner)}]' is not an IPv6 address.");
            }

            if (after.Length == 0)
            {
                return (inner, Target.DefaultPort);
            }

            if (!after.StartsWith(':'))
            {
                throw new TargetFormatException($"'{shown}' is not a valid target: unexpected text after ']'.");
            }

            return (inner, ParsePort(after[1..], shown));
        }

        var colons = text.Count(c => c == ':');
        if (colons > 1)
        {
            // A bare IPv6 literal: no port can be given without brackets.
            return (text, Target.DefaultPort);
        }

        if (colons == 1)
        {
            var i = text.IndexOf(':', StringComparison.Ordinal);
            return (text[..i], ParsePort(text[(i + 1)..], shown));
        }

        return (text, Target.DefaultPort);
    }

    private static int ParsePort(string text, string shown)
    {
        if (text.Length is 0 or > 5 || !text.All(char.IsAsciiDigit)
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new TargetFormatException($"'{shown}' is not a valid target: the port must be a number from 1 to 65535.");
        }

        return port;
    }

    private static void ValidateUser(string user, string shown)
    {
        if (user.Length is 0 or > MaxUserLength || user[0] == '-'
            || !user.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new TargetFormatException($"'{shown}' is not a valid target: the user name must be 1-{MaxUserLength} letters, digits, '.', '_' or '-', not starting with '-'.");
        }
    }

    private static void ValidateHostName(string host, string shown)
    {
        if (host.Length == 0)
        {
            throw new TargetFormatException($"'{shown}' is not a valid target: the host is empty.");
        }

        if (host[0] == '-')
        {
            throw new TargetFormatException($"'{shown}' is not a valid host: it starts with '-', which a program would read as an option.");
        }

        if (host.Length > MaxHostLength)
        {
            throw new TargetFormatException($"'{shown}' is not a valid host: longer than {MaxHostLength} characters.");
        }

        var bad = host.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'));
        if (bad != default)
        {
            throw new TargetFormatException($"'{shown}' is not a valid host: '{bad}' is not allowed in a host name (letters, digits, '.', '-' and '_' only).");
        }

        var labels = host.TrimEnd('.').Split('.');
        if (labels.Any(l => l.Length is 0 or > 63))
        {
            throw new TargetFormatException($"'{shown}' is not a valid host: each dot-separated label must be 1-63 characters.");
        }

        if (labels.Any(l => l[0] == '-' || l[^1] == '-'))
        {
            throw new TargetFormatException($"'{shown}' is not a valid host: a label cannot start or end with '-'.");
        }

        // No top-level domain is a number: a last label in decimal or 0x-hex is an address the
        // system resolver would read some other way (or not at all), never a name to look up.
        if (labels[^1].All(char.IsAsciiDigit) || (labels[^1].StartsWith("0x", StringComparison.OrdinalIgnoreCase) && labels[^1][2..].All(char.IsAsciiHexDigit)))
        {
            throw new TargetFormatException($"'{shown}' is not a valid host: it looks like an address but is not a valid one.");
        }
    }

    /// <summary>The input made safe to echo in one line: control characters escaped, length capped.</summary>
    internal static string Show(string input)
    {
        var shown = new System.Text.StringBuilder();
        foreach (var c in input.Take(80))
        {
            shown.Append(char.IsControl(c) || c > '~' ? $"\\u{(int)c:X4}" : c);
        }

        return input.Length > 80 ? shown + "..." : shown.ToString();
    }
}
