using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text.RegularExpressions;

namespace SshBot.Diagnostics.Targets;

/// <summary>
/// Expands host patterns into targets: a CIDR (<c>198.18.0.0/28</c>) or numeric ranges in
/// brackets (<c>web-[01-40]</c>, zero-padding kept, several groups multiply). The count is
/// computed before anything is expanded, and a pattern past <see cref="MaxTargets"/> is refused
/// with one line, before any socket opens. Each expanded target goes through the same strict
/// parser, so a pattern cannot smuggle in what a single target could not.
/// </summary>
public static partial class TargetPatterns
{
    /// <summary>The most targets one request may expand to.</summary>
    public const int MaxTargets = 4096;

    public static bool IsPattern(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return (input.Contains('/', StringComparison.Ordinal) && !input.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase))
            || RangeGroup().IsMatch(input);
    }

    /// <summary>Expands one pattern (or parses one plain target) into targets.</summary>
    /// <exception cref="TargetFormatException">The pattern is malformed or expands past the cap.</exception>
    public static IReadOnlyList<Target> Expand(string input, int maxTargets = MaxTargets)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!IsPattern(input))
        {
            return [TargetParser.Parse(input)];
        }

        var shown = TargetParser.Show(input);
        var (user, body, port) = SplitUserAndPort(input, shown);
        return body.Contains('/', StringComparison.Ordinal)
            ? ExpandCidr(body, user, port, shown, maxTargets)
            : ExpandRanges(body, user, port, shown, maxTargets);
    }

    /// <summary>Expands every input in order; the cap applies to the total.</summary>
    public static IReadOnlyList<Target> ExpandAll(IEnumerable<string> inputs, int maxTargets = MaxTargets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var all = new List<Target>();
        foreach (var input in inputs)
        {
            all.AddRange(Expand(input, maxTargets - all.Count));
            if (all.Count > maxTargets)
            {
                throw new TargetFormatException($"the targets expand past the limit of {maxTargets}.");
            }
        }

        return all;
    }

    private static (string? User, string Body, int? Port) SplitUserAndPort(string input, string shown)
    {
        string? user = null;
        var body = input;
        var at = body.LastIndexOf('@');
        if (at >= 0)
        {
            user = body[..at];
            body = body[(at + 1)..];
        }

        int? port = null;
        var colon = body.LastIndexOf(':');
        if (colon >= 0 && body.Count(c => c == ':') == 1)
        {
            var text = body[(colon + 1)..];
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                throw new TargetFormatException($"'{shown}' is not a valid pattern: the port must be a number from 1 to 65535.");
            }

            port = p;
            body = body[..colon];
        }

        return (user, body, port);
    }

    private static List<Target> ExpandCidr(string body, string? user, int? port, string shown, int max)
    {
        if (!IPNetwork.TryParse(body, out var network))
        {
            throw new TargetFormatException($"'{shown}' is not a valid CIDR (e.g. 198.18.0.0/24).");
        }

        var bits = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var hostBits = bits - network.PrefixLength;
        // IPv4 networks larger than /31 lose their network and broadcast addresses.
        var skipEnds = bits == 32 && hostBits >= 2;
        var size = BigInteger.One << hostBits;
        var count = skipEnds ? size - 2 : size;
        if (count > max)
        {
            throw new TargetFormatException($"'{shown}' expands to {count} targets; the limit is {max}.");
        }

        var start = new BigInteger(network.BaseAddress.GetAddressBytes(), isUnsigned: true, isBigEndian: true);
        var targets = new List<Target>((int)count);
        for (var i = skipEnds ? BigInteger.One : BigInteger.Zero; i < (skipEnds ? size - 1 : size); i++)
        {
            var bytes = (start + i).ToByteArray(isUnsigned: true, isBigEndian: true);
            var padded = new byte[bits / 8];
            bytes.CopyTo(padded, padded.Length - bytes.Length);
            var address = new IPAddress(padded);
            targets.Add(new Target(address.ToString(), port ?? Target.DefaultPort, user, address));
        }

        return targets;
    }

    private static List<Target> ExpandRanges(string body, string? user, int? port, string shown, int max)
    {
        var groups = RangeGroup().Matches(body);
        BigInteger count = 1;
        var ranges = new List<(int Index, int Length, long From, long To, int Width)>();
        foreach (Match g in groups)
        {
            var fromText = g.Groups["from"].Value;
            var toText = g.Groups["to"].Value;
            var from = long.Parse(fromText, CultureInfo.InvariantCulture);
            var to = long.Parse(toText, CultureInfo.InvariantCulture);
            if (to < from)
            {
                throw new TargetFormatException($"'{shown}' is not a valid pattern: the range [{fromText}-{toText}] runs backwards.");
            }

            var width = fromText.Length > 1 && fromText[0] == '0' ? fromText.Length : 0;
            ranges.Add((g.Index, g.Length, from, to, width));
            count *= to - from + 1;
        }

        if (count > max)
        {
            throw new TargetFormatException($"'{shown}' expands to {count} targets; the limit is {max}.");
        }

        var hosts = new List<string> { "" };
        var cursor = 0;
        foreach (var (index, length, from, to, width) in ranges)
        {
            var literal = body[cursor..index];
            hosts = hosts.SelectMany(h => Enumerable.Range(0, (int)(to - from + 1))
                .Select(k => h + literal + (from + k).ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'))).ToList();
            cursor = index + length;
        }

        var tail = body[cursor..];
        var prefix = user is null ? "" : user + "@";
        var suffix = port is null ? "" : ":" + port.Value.ToString(CultureInfo.InvariantCulture);
        return hosts.Select(h => TargetParser.Parse(prefix + h + tail + suffix)).ToList();
    }

    [GeneratedRegex(@"\[(?<from>\d{1,9})-(?<to>\d{1,9})\]", RegexOptions.CultureInvariant)]
    private static partial Regex RangeGroup();
}
