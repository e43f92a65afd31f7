using System.Net;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Targets;

namespace SshBot.Chat.Protection;

/// <summary>What the gate decided, with the addresses it checked (for the audit).</summary>
public sealed record GateDecision(bool Allowed, string Reason, IReadOnlyList<IPAddress> Addresses);

/// <summary>
/// Decides before any probe whether a target may be probed: the policy on the literal or on
/// every address the name resolves to. The engine checks again on its own resolution, so a
/// name that changes its answer in between is still caught there.
/// </summary>
public sealed class TargetGate(TargetPolicy policy, TargetPolicyOptions options, IDnsResolver resolver)
{
    public async Task<GateDecision> DecideAsync(Target target, RequestOrigin origin, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        var precheck = policy.Precheck(target, origin);
        if (!precheck.Allowed || target.Address is { } _)
        {
            return new GateDecision(precheck.Allowed, precheck.Reason, target.Address is { } a ? [a] : []);
        }

        IReadOnlyList<IPAddress> addresses;
        try
        {
            addresses = await resolver.ResolveAsync(target.Host, ct);
        }
        catch (DnsResolutionException e)
        {
            // A name that does not resolve is worth diagnosing only if the asker may probe it
            // anyway; otherwise "does not resolve" would tell a stranger something.
            var mayAnyway = origin == RequestOrigin.Cli || options.Allow.Any(s => TargetPolicy.MatchesSuffix(target.Host, s));
            return new GateDecision(mayAnyway, mayAnyway ? $"name allowed; it does not resolve ({e.Failure})" : "name not in the allowed targets and does not resolve", []);
        }

        var decision = policy.Evaluate(target, addresses, origin);
        return new GateDecision(decision.Allowed, decision.Reason, addresses);
    }
}
