using System.Net;
using SshBot.Diagnostics.Targets;

namespace SshBot.Zones.Configuration;

/// <summary>
/// Which zone sees a target. Address literals match CIDRs; names match DNS suffixes; a name no
/// suffix covers matches on the addresses it resolves to here, when the caller resolved it. The
/// first zone in configuration order wins, so an operator can put a narrow zone before a broad one.
/// Built once from configuration, then immutable.
/// </summary>
public sealed class ZoneMap(IReadOnlyList<Zone> zones)
{
    public IReadOnlyList<Zone> Zones { get; } = zones;

    /// <summary>No zones: the bot probes from where it runs, as on a single machine.</summary>
    public bool IsEmpty => Zones.Count == 0;

    public Zone? Find(Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Address is { } address
            ? Zones.FirstOrDefault(z => z.Covers(address))
            : Zones.FirstOrDefault(z => z.Covers(target.Host));
    }

    /// <summary>The zone covering any of <paramref name="addresses"/> (a name's resolved addresses).</summary>
    public Zone? Find(IEnumerable<IPAddress> addresses) =>
        addresses.Select(a => Zones.FirstOrDefault(z => z.Covers(AddressParser.Normalize(a)))).FirstOrDefault(z => z is not null);

    /// <summary>
    /// The zone a user named: its name or one of its aliases, ignoring case, spaces and dashes
    /// ("Office VPN", "office-vpn" and "officevpn" are the same). A phrase that names none is
    /// tried again without its last word, so "office VPN" finds a zone called <c>office</c>.
    /// </summary>
    public Zone? Named(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var n = words.Length; n > 0; n--)
        {
            var wanted = Fold(string.Join(' ', words[..n]));
            if (Zones.FirstOrDefault(z => Fold(z.Name) == wanted || z.Aliases.Any(a => Fold(a) == wanted)) is { } zone)
            {
                return zone;
            }
        }

        return null;
    }

    private static string Fold(string text) =>
        new([.. text.Where(c => !char.IsWhiteSpace(c) && c is not '-' and not '_').Select(char.ToLowerInvariant)]);
}
