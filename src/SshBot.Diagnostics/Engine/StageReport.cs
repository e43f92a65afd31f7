namespace SshBot.Diagnostics.Engine;

/// <summary>How a stage ended.</summary>
public enum StageStatus
{
    /// <summary>The stage ran and its children can build on it.</summary>
    Ok,

    /// <summary>The stage ran and saw a failure (recorded in observations); its children are skipped.</summary>
    Failed,

    /// <summary>A parent did not succeed, so the stage did not run.</summary>
    Skipped,

    /// <summary>The stage's own timeout or the plan's deadline ran out.</summary>
    Timeout,

    /// <summary>The stage itself broke (a bug or an unexpected failure of the machine).</summary>
    Error,
}

/// <summary>What one stage did, reported as soon as it finishes.</summary>
public sealed record StageReport(string Name, StageStatus Status, long Ms, string Detail)
{
    public string StatusText => Status.ToString().ToLowerInvariant();

    /// <summary>Every observation of the diagnosis as it stood when this stage finished.</summary>
    public IReadOnlyDictionary<string, SshBot.Diagnostics.Observations.ObservationValue> ObservationsSoFar { get; init; } =
        new Dictionary<string, SshBot.Diagnostics.Observations.ObservationValue>();
}

/// <summary>What a stage returns to the engine.</summary>
public sealed record StageOutcome(bool Passed, string Detail)
{
    public static StageOutcome Ok(string detail) => new(true, detail);

    public static StageOutcome Fail(string detail) => new(false, detail);

    /// <summary>The stage could not run for a reason of configuration (it says which); its children are skipped too.</summary>
    public static StageOutcome Skip(string detail) => new(false, detail) { Skipped = true };

    /// <summary>Reported as <see cref="StageStatus.Skipped"/> rather than <see cref="StageStatus.Failed"/>.</summary>
    public bool Skipped { get; init; }
}
