using System.Net;

namespace SshBot.Diagnostics.Targets;

/// <summary>The policy's answer for one target, and the (normalised) addresses it was made on, for the audit.</summary>
public sealed record PolicyDecision(bool Allowed, string Reason)
{
    /// <summary>Every address the decision looked at; empty when it was made before any (a port, a name suffix).</summary>
    public IReadOnlyList<IPAddress> Addresses { get; init; } = [];

    public static PolicyDecision Allow(string reason) => new(true, reason);

    public static PolicyDecision Refuse(string reason) => new(false, reason);
}
