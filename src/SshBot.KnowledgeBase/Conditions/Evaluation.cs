namespace SshBot.KnowledgeBase.Conditions;

/// <summary>
/// The outcome of evaluating a condition against observations.
/// </summary>
/// <param name="Truth">True, false or unknown (an observation it needs is absent).</param>
/// <param name="Fraction">How much of the condition is known to hold, 0..1 (1 when true).</param>
/// <param name="Evidence">One line per leaf condition that held, with the observed value.</param>
/// <param name="Missing">One line per leaf that could not be decided, phrased as the next step.</param>
public sealed record Evaluation(Truth Truth, double Fraction, IReadOnlyList<string> Evidence, IReadOnlyList<string> Missing)
{
    internal static Evaluation False { get; } = new(Truth.False, 0, [], []);

    internal static Evaluation Met(string evidence) => new(Truth.True, 1, [evidence], []);

    internal static Evaluation Undecided(string missing) => new(Truth.Unknown, 0, [], [missing]);
}
