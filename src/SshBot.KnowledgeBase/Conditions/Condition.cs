using SshBot.Diagnostics.Observations;

namespace SshBot.KnowledgeBase.Conditions;

/// <summary>A compiled condition of an article's <c>when</c> list: a comparison or an any/all group.</summary>
public abstract class Condition
{
    private protected Condition(int line) => Line = line;

    /// <summary>The 1-based line of the condition in its article file (0 when built in code).</summary>
    public int Line { get; }

    /// <summary>The number of leaf comparisons under this condition.</summary>
    public abstract int LeafCount { get; }

    public abstract Evaluation Evaluate(IReadOnlyDictionary<string, ObservationValue> observations);

    /// <summary>Every leaf comparison under this condition, in source order.</summary>
    public abstract IEnumerable<Comparison> Leaves();
}
