namespace SshBot.Diagnostics.Targets;

/// <summary>The policy's answer for one target and its addresses.</summary>
public sealed record PolicyDecision(bool Allowed, string Reason)
{
    public static PolicyDecision Allow(string reason) => new(true, reason);

    public static PolicyDecision Refuse(string reason) => new(false, reason);
}
