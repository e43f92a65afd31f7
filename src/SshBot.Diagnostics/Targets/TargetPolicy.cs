using System.Net;
using System.Net.Sockets;

namespace SshBot.Diagnostics.Targets;

/// <summary>
/// Decides whether a target may be probed. Addresses are checked after normalisation
/// (see <see cref="AddressParser"/>); every resolved address must pass, so a name resolving
/// to one allowed and one denied address is refused as a whole. Built once from options.
/// </summary>
public sealed class TargetPolicy
{
    private static readonly (IPNetwork Network, string Why)[] AlwaysDenied =
    [
        (IPNetwork.Parse("169.254.169.254/32"), "a cloud metadata address"),
        (IPNetwork.Parse("fd00:ec2::254/128"), "a cloud metadata address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
        (IPNetwork.Parse("255.255.255.255/32"), "the broadcast address"),
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified address"),
        (IPNetwork.Parse("::/128"), "an unspecified address"),
    ];

    private static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    private readonly IPNetwork[] _allowNetworks;
    private readonly string[] _allowSuffixes;
    private readonly IPNetwork[] _denyNetworks;
    private readonly string[] _denySuffixes;
    private readonly HashSet<int> _chatPorts;
    private readonly IDecisionRecorder? _recorder;

    public TargetPolicy(TargetPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_allowNetworks, _allowSuffixes) = Split(options.Allow, "Targets:Allow");
        (_denyNetworks, _denySuffixes) = Split(options.Deny, "Targets:Deny");
        _chatPorts = options.Ports.Count == 0 ? [Target.DefaultPort] : [.. options.Ports];
    }

    private TargetPolicy(TargetPolicy rules, IDecisionRecorder recorder)
    {
        (_allowNetworks, _allowSuffixes, _denyNetworks, _denySuffixes, _chatPorts) = (rules._allowNetworks, rules._allowSuffixes, rules._denyNetworks, rules._denySuffixes, rules._chatPorts);
        _recorder = recorder;
    }

    /// <summary>
    /// The same rules, with every decision on addresses (and every refusal before them) handed to
    /// <paramref name="recorder"/> before it takes effect; a decision that cannot be recorded
    /// becomes a refusal, so nothing is probed unaudited.
    /// </summary>
    public TargetPolicy WithRecorder(IDecisionRecorder recorder) => new(this, recorder ?? throw new ArgumentNullException(nameof(recorder)));

    /// <summary>A policy with no allow list: the CLI may probe anything but the always-denied set.</summary>
    public static TargetPolicy Default { get; } = new(new TargetPolicyOptions());

    /// <summary>
    /// Checks what can be checked before resolution: the port, a literal address, a name
    /// against the suffix lists. A name still needs <see cref="Evaluate"/> on its addresses.
    /// </summary>
    public PolicyDecision Precheck(Target target, RequestOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(target);
        var decision = PrecheckRules(target, origin);
        return decision.Allowed ? decision : Recorded(target, decision);
    }

    private PolicyDecision PrecheckRules(Target target, RequestOrigin origin)
    {
        if (origin == RequestOrigin.Chat && !_chatPorts.Contains(target.Port))
        {
            return PolicyDecision.Refuse($"port {target.Port} is not in the allowed ports ({string.Join(", ", _chatPorts.Order())})");
        }

        if (target.Address is { } literal)
        {
            return EvaluateRules(target, [literal], origin) with { Addresses = [literal] };
        }

        if (_denySuffixes.FirstOrDefault(s => MatchesSuffix(target.Host, s)) is { } denied)
        {
            return PolicyDecision.Refuse($"{target.Host} is under the denied domain {denied}");
        }

        return PolicyDecision.Allow("name passes the suffix lists; addresses not yet checked");
    }

    /// <summary>Hands the decision to the recorder, if any; one it cannot record is a refusal.</summary>
    private PolicyDecision Recorded(Target target, PolicyDecision decision)
    {
        if (_recorder is null || _recorder.TryRecord(target, decision, out var why))
        {
            return decision;
        }

        return PolicyDecision.Refuse($"the decision could not be audited ({why}); nothing is probed unaudited") with { Addresses = decision.Addresses };
    }

    /// <summary>Checks the target with every address it resolved to. All must pass.</summary>
    public PolicyDecision Evaluate(Target target, IReadOnlyList<IPAddress> addresses, RequestOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(addresses);
        var normalised = addresses.Select(AddressParser.Normalize).ToArray();
        return Recorded(target, EvaluateRules(target, normalised, origin) with { Addresses = normalised });
    }

    private PolicyDecision EvaluateRules(Target target, IPAddress[] addresses, RequestOrigin origin)
    {
        if (addresses.Length == 0)
        {
            return PolicyDecision.Refuse("no address to check");
        }

        var nameAllowed = target.Address is null && _allowSuffixes.Any(s => MatchesSuffix(target.Host, s));
        if (target.Address is null && _denySuffixes.FirstOrDefault(s => MatchesSuffix(target.Host, s)) is { } deniedSuffix)
        {
            return PolicyDecision.Refuse($"{target.Host} is under the denied domain {deniedSuffix}");
        }

        foreach (var raw in addresses)
        {
            var address = AddressParser.Normalize(raw);
            // An address is refused for what it is and for every IPv4 address it carries (NAT64, 6to4, Teredo...).
            foreach (var (seen, shown) in AddressParser.EmbeddedIPv4(address).Select(e => (e, $"{address} (which leads to {e})")).Prepend((address, address.ToString())))
            {
                foreach (var (network, why) in AlwaysDenied)
                {
                    if (network.Contains(seen))
                    {
                        return PolicyDecision.Refuse($"{shown} is {why}, which is never probed");
                    }
                }

                foreach (var network in _denyNetworks)
                {
                    if (network.Contains(seen))
                    {
                        return PolicyDecision.Refuse($"{shown} is in the denied range {network}");
                    }
                }

                if (origin == RequestOrigin.Chat && Loopback.Any(n => n.Contains(seen)))
                {
                    return PolicyDecision.Refuse($"{shown} is a loopback address, which chat requests may not probe");
                }
            }

            if (origin == RequestOrigin.Chat)
            {
                if (!nameAllowed && !_allowNetworks.Any(n => n.Contains(address)))
                {
                    return PolicyDecision.Refuse($"{address} is not in the allowed targets (an admin can add it to Targets:Allow)");
                }
            }
        }

        return PolicyDecision.Allow(origin == RequestOrigin.Cli ? "local operator" : "allowlisted");
    }

    /// <summary>Label-boundary suffix match: <c>a.corp.example.com</c> matches <c>corp.example.com</c>; <c>evilcorp.example.com</c> does not.</summary>
    public static bool MatchesSuffix(string host, string suffix)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(suffix);
        host = host.TrimEnd('.');
        suffix = suffix.Trim().TrimStart('.').TrimEnd('.');
        return suffix.Length > 0
            && (host.Equals(suffix, StringComparison.OrdinalIgnoreCase)
                || host.EndsWith("." + suffix, StringComparison.OrdinalIgnoreCase));
    }

    private static (IPNetwork[] Networks, string[] Suffixes) Split(IEnumerable<string> entries, string setting)
    {
        var networks = new List<IPNetwork>();
        var suffixes = new List<string>();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry.Length == 0)
            {
                continue;
            }

            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (AddressParser.TryParse(entry, out var single))
            {
                networks.Add(new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (entry.TrimStart('.').All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                suffixes.Add(entry.TrimStart('.').ToLowerInvariant());
            }
            else
            {
                throw new ArgumentException($"{setting}: '{entry}' is neither a CIDR, an address nor a DNS suffix.");
            }
        }

        return ([.. networks], [.. suffixes]);
    }
}
