using System.Net;

namespace SshBot.Zones.Configuration;

/// <summary>
/// A named network the bot can see into through its agents: the targets it covers (CIDRs and DNS
/// suffixes) and other names a user may call it by ("office VPN" for <c>office</c>).
/// </summary>
public sealed record Zone(string Name, IReadOnlyList<IPNetwork> Networks, IReadOnlyList<string> Suffixes, IReadOnlyList<string> Aliases)
{
    /// <summary>Whether the address falls in one of the zone's networks.</summary>
    public bool Covers(IPAddress address) => Networks.Any(n => n.Contains(address));

    /// <summary>Whether the name ends in one of the zone's DNS suffixes, on a label boundary.</summary>
    public bool Covers(string host) => Suffixes.Any(s => SshBot.Diagnostics.Targets.TargetPolicy.MatchesSuffix(host, s));
}
