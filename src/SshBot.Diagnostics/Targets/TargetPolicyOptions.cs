namespace SshBot.Diagnostics.Targets;

/// <summary>
/// Which targets the bot may probe, from configuration (section <c>Targets</c>). Entries are
/// CIDRs (<c>10.0.0.0/8</c>, <c>fd00::/8</c>), single addresses, or DNS suffixes
/// (<c>corp.example.com</c>, matched on label boundaries).
/// </summary>
public sealed class TargetPolicyOptions
{
    public const string SectionName = "Targets";

    /// <summary>What chat requests may probe. The CLI acts with the operator's own authority and ignores it.</summary>
    public IList<string> Allow { get; init; } = [];

    /// <summary>Never probed, from chat or CLI. Wins over <see cref="Allow"/>.</summary>
    public IList<string> Deny { get; init; } = [];

    /// <summary>Ports chat requests may probe. Empty means only 22.</summary>
    public IList<int> Ports { get; init; } = [];
}
