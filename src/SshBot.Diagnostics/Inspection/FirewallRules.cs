using System.Globalization;
using System.Text.RegularExpressions;

namespace SshBot.Diagnostics.Inspection;

/// <summary>Picks, from nftables, iptables and ufw output, the rules that mention one TCP port.</summary>
public static partial class FirewallRules
{
    public const int MaxRules = 50;

    public static IReadOnlyList<string> ForPort(IReadOnlyList<InspectionSection> sections, int port)
    {
        var p = port.ToString(CultureInfo.InvariantCulture);
        var names = port == 22 ? p + "|ssh" : p;
        var nft = new Regex(@"\bdport\s+(\{[^}]*\b(" + names + @")\b[^}]*\}|(" + names + @")\b)", RegexOptions.CultureInvariant);
        var ipt = new Regex(@"--dports?\s+([0-9,:]*,)?(" + names + @")\b", RegexOptions.CultureInvariant);
        var ufw = new Regex(@"^(" + p + @"(/tcp)?\b" + (port == 22 ? "|OpenSSH\\b" : "") + ")", RegexOptions.CultureInvariant);

        var rules = new List<string>();
        foreach (var section in sections.Where(s => s.IsOk))
        {
            foreach (var line in section.Lines)
            {
                var rule = line.Trim();
                var hit = section.Name switch
                {
                    "firewall-nft" => nft.IsMatch(rule) ? "nft: " + rule : null,
                    "firewall-iptables" => rule.StartsWith("-A ", StringComparison.Ordinal) && ipt.IsMatch(rule) ? "iptables: " + rule : null,
                    "firewall-ip6tables" => rule.StartsWith("-A ", StringComparison.Ordinal) && ipt.IsMatch(rule) ? "ip6tables: " + rule : null,
                    "firewall-ufw" => ufw.IsMatch(rule) ? "ufw: " + Spaces().Replace(rule, " ") : null,
                    _ => null,
                };
                if (hit is not null && rules.Count < MaxRules)
                {
                    rules.Add(hit);
                }
            }
        }

        return rules;
    }

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Spaces();
}
