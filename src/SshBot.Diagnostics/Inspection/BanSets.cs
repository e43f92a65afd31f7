using System.Text.RegularExpressions;

namespace SshBot.Diagnostics.Inspection;

/// <summary>
/// Reads banned addresses from fail2ban, nftables sets (sshguard's, fail2ban's, hand-made ones),
/// ipsets and plain drop/reject rules on a source address. A set counts as a ban set when its
/// name says so (ban, block, deny, attackers, f2b, sshguard, ...) or a drop/reject rule uses it.
/// </summary>
public static partial class BanSets
{
    public const int MaxEntries = 500;

    public static IReadOnlyList<BanEntry> Read(IReadOnlyList<InspectionSection> sections)
    {
        var bans = new List<BanEntry>();
        var byName = sections.Where(s => s.IsOk).GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        if (byName.TryGetValue("bans-fail2ban", out var fail2ban))
        {
            Fail2Ban(fail2ban, bans);
        }

        if (byName.TryGetValue("firewall-nft", out var nft))
        {
            Nft(nft, bans);
        }

        var iptablesSetRules = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in new[] { "firewall-iptables", "firewall-ip6tables" })
        {
            if (byName.TryGetValue(name, out var iptables))
            {
                Iptables(iptables, bans, iptablesSetRules);
            }
        }

        if (byName.TryGetValue("bans-ipset", out var ipset))
        {
            Ipset(ipset, bans, iptablesSetRules);
        }

        return bans.DistinctBy(b => (b.Network, b.Source)).Take(MaxEntries).ToArray();
    }

    // Status for the jail: sshd ... `- Banned IP list:	203.0.113.7 198.51.100.23
    private static void Fail2Ban(InspectionSection section, List<BanEntry> bans)
    {
        foreach (var line in section.Lines)
        {
            var at = line.IndexOf("Banned IP list:", StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            foreach (var word in line[(at + "Banned IP list:".Length)..].Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries))
            {
                Add(bans, word, "fail2ban jail sshd");
            }
        }
    }

    private static void Nft(InspectionSection section, List<BanEntry> bans)
    {
        var elements = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var dropping = new HashSet<string>(StringComparer.Ordinal);
        string? table = null;
        string? set = null;
        var collecting = false;
        foreach (var raw in section.Lines)
        {
            var line = raw.Trim();
            if (NftTable().Match(line) is { Success: true } t)
            {
                table = t.Groups[1].Value;
                set = null;
                continue;
            }

            if (NftSet().Match(line) is { Success: true } s)
            {
                set = (table is null ? "" : table + " ") + s.Groups[1].Value;
                elements.TryAdd(set, []);
                continue;
            }

            if (set is not null && (collecting || line.StartsWith("elements = {", StringComparison.Ordinal)))
            {
                var text = collecting ? line : line[(line.IndexOf('{', StringComparison.Ordinal) + 1)..];
                var close = text.IndexOf('}', StringComparison.Ordinal);
                collecting = close < 0;
                elements[set].AddRange((close < 0 ? text : text[..close]).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                continue;
            }

            if (set is not null && line == "}")
            {
                set = null;
                continue;
            }

            if (!DropOrReject().IsMatch(line))
            {
                continue;
            }

            foreach (Match use in NftSetUse().Matches(line))
            {
                dropping.Add((table is null ? "" : table + " ") + use.Groups[1].Value);
            }

            if (NftSaddr().Match(line) is { Success: true } direct)
            {
                foreach (var address in direct.Groups[1].Value.Trim('{', '}', ' ').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    Add(bans, address, "nft rule");
                }
            }
        }

        foreach (var (name, members) in elements)
        {
            var shortName = name[(name.LastIndexOf(' ') + 1)..];
            if (!dropping.Contains(name) && !BanName().IsMatch(shortName))
            {
                continue;
            }

            foreach (var member in members)
            {
                Add(bans, member.Split(' ', 2)[0], "nft set " + shortName);
            }
        }
    }

    private static void Iptables(InspectionSection section, List<BanEntry> bans, HashSet<string> setRules)
    {
        foreach (var line in section.Lines)
        {
            if (!line.StartsWith("-A ", StringComparison.Ordinal) || !IptablesDrop().IsMatch(line))
            {
                continue;
            }

            var chain = line.Split(' ', 3)[1];
            if (IptablesSource().Match(line) is { Success: true } source)
            {
                Add(bans, source.Groups[1].Value, "iptables " + chain);
            }

            foreach (Match set in IptablesMatchSet().Matches(line))
            {
                setRules.Add(set.Groups[1].Value);
            }
        }
    }

    private static void Ipset(InspectionSection section, List<BanEntry> bans, HashSet<string> dropping)
    {
        string? name = null;
        var members = false;
        foreach (var line in section.Lines)
        {
            if (line.StartsWith("Name: ", StringComparison.Ordinal))
            {
                name = line["Name: ".Length..].Trim();
                members = false;
            }
            else if (line.StartsWith("Members:", StringComparison.Ordinal))
            {
                members = true;
            }
            else if (line.Length == 0)
            {
                members = false;
            }
            else if (members && name is not null && (dropping.Contains(name) || BanName().IsMatch(name)))
            {
                Add(bans, line.Trim().Split(' ', 2)[0], "ipset " + name);
            }
        }
    }

    private static void Add(List<BanEntry> bans, string text, string source)
    {
        if (bans.Count < MaxEntries && BanEntry.ParseNetwork(text.Trim()) is { } network)
        {
            bans.Add(new BanEntry(network, source));
        }
    }

    [GeneratedRegex(@"^table\s+\S+\s+(\S+)\s*\{")]
    private static partial Regex NftTable();

    [GeneratedRegex(@"^set\s+(\S+)\s*\{")]
    private static partial Regex NftSet();

    [GeneratedRegex(@"@([A-Za-z0-9_.\-]+)")]
    private static partial Regex NftSetUse();

    [GeneratedRegex(@"\bip6?\s+saddr\s+(\{[^}@]*\}|[0-9a-fA-F.:/]+)\s")]
    private static partial Regex NftSaddr();

    [GeneratedRegex(@"\b(drop|reject)\b")]
    private static partial Regex DropOrReject();

    [GeneratedRegex(@"-j\s+(DROP|REJECT)\b")]
    private static partial Regex IptablesDrop();

    [GeneratedRegex(@"\s-s\s+([0-9a-fA-F.:/]+)")]
    private static partial Regex IptablesSource();

    [GeneratedRegex(@"--match-set\s+(\S+)\s+src")]
    private static partial Regex IptablesMatchSet();

    [GeneratedRegex(@"ban|block|deny|drop|attack|abuse|f2b|fail2ban|sshguard|crowdsec", RegexOptions.IgnoreCase)]
    private static partial Regex BanName();
}
