namespace SshBot.Diagnostics.Observations;

/// <summary>
/// One key of the observation vocabulary: its name, its type, what it means, and for
/// enumerated strings the values a probe may write.
/// </summary>
public sealed record ObservationKey(string Name, ObservationKind Kind, string Description, IReadOnlyList<string>? Values = null)
{
    /// <summary>The stage group the key belongs to: the part before the first dot.</summary>
    public string Group => Name[..Name.IndexOf('.', StringComparison.Ordinal)];
}
