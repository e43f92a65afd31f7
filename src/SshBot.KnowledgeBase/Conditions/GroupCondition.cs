using SshBot.Diagnostics.Observations;

namespace SshBot.KnowledgeBase.Conditions;

/// <summary>How a group combines its children.</summary>
public enum GroupKind
{
    All,
    Any,
}

/// <summary>
/// An <c>all:</c> or <c>any:</c> group. All is false if any child is false, else unknown if any
/// is unknown, else true; any is true if any child is true, else unknown if any is unknown, else
/// false. Every child is evaluated (no short-circuit) so the evidence names everything that held.
/// </summary>
public sealed class GroupCondition : Condition
{
    private readonly Condition[] _children;

    public GroupCondition(GroupKind kind, IEnumerable<Condition> children, int line = 0)
        : base(line)
    {
        Kind = kind;
        _children = children.ToArray();
        LeafCount = _children.Sum(c => c.LeafCount);
    }

    public GroupKind Kind { get; }

    public IReadOnlyList<Condition> Children => _children;

    public override int LeafCount { get; }

    public override IEnumerable<Comparison> Leaves() => _children.SelectMany(c => c.Leaves());

    public override Evaluation Evaluate(IReadOnlyDictionary<string, ObservationValue> observations)
    {
        var results = new Evaluation[_children.Length];
        int trueCount = 0, unknownCount = 0;
        for (var i = 0; i < _children.Length; i++)
        {
            results[i] = _children[i].Evaluate(observations);
            if (results[i].Truth == Truth.True)
            {
                trueCount++;
            }
            else if (results[i].Truth == Truth.Unknown)
            {
                unknownCount++;
            }
        }

        return Kind == GroupKind.All ? CombineAll(results, trueCount, unknownCount) : CombineAny(results, trueCount, unknownCount);
    }

    private static Evaluation CombineAll(Evaluation[] results, int trueCount, int unknownCount)
    {
        if (trueCount + unknownCount < results.Length)
        {
            return Evaluation.False;
        }

        if (unknownCount == 0)
        {
            return new Evaluation(Truth.True, 1, Flatten(results, r => r.Evidence), []);
        }

        var fraction = results.Length == 0 ? 1 : results.Average(r => r.Fraction);
        return new Evaluation(Truth.Unknown, fraction, Flatten(results, r => r.Evidence), Flatten(results, r => r.Missing));
    }

    private static Evaluation CombineAny(Evaluation[] results, int trueCount, int unknownCount)
    {
        if (trueCount > 0)
        {
            var held = results.Where(r => r.Truth == Truth.True).ToArray();
            return new Evaluation(Truth.True, 1, Flatten(held, r => r.Evidence), []);
        }

        if (unknownCount == 0)
        {
            return Evaluation.False;
        }

        var open = results.Where(r => r.Truth == Truth.Unknown).ToArray();
        return new Evaluation(Truth.Unknown, open.Max(r => r.Fraction), Flatten(open, r => r.Evidence), Flatten(open, r => r.Missing));
    }

    private static string[] Flatten(Evaluation[] results, Func<Evaluation, IReadOnlyList<string>> pick)
    {
        var count = 0;
        foreach (var r in results)
        {
            count += pick(r).Count;
        }

        if (count == 0)
        {
            return [];
        }

        var all = new string[count];
        var at = 0;
        foreach (var r in results)
        {
            foreach (var s in pick(r))
            {
                all[at++] = s;
            }
        }

        return all;
    }
}
