using SshBot.Diagnostics.Observations;

namespace SshBot.KnowledgeBase.Conditions;

/// <summary>Checks a parsed comparison against the observation vocabulary (DESIGN §6).</summary>
public static class ConditionValidator
{
    /// <summary>Every problem with the comparison; empty when it fits the vocabulary.</summary>
    public static IEnumerable<string> Check(Comparison comparison)
    {
        if (!ObservationVocabulary.TryGet(comparison.Key, out var key))
        {
            yield return $"unknown observation key '{comparison.Key}'";
            yield break;
        }

        var op = comparison.Operator;
        if (op is ComparisonOperator.LessThan or ComparisonOperator.GreaterThan && key.Kind != ObservationKind.Number)
        {
            yield return $"'{comparison.Text}' compares a number, but {key.Name} is a {key.Kind.ToString().ToLowerInvariant()}";
            yield break;
        }

        if (op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual or ComparisonOperator.In))
        {
            yield break;
        }

        foreach (var value in comparison.Values)
        {
            if (key.Kind == ObservationKind.Number && !Comparison.TryNumber(value, out _))
            {
                yield return $"'{value}' is not a number, but {key.Name} is a number";
            }
            else if (key.Kind == ObservationKind.Flag && value is not ("true" or "false"))
            {
                yield return $"'{value}' is not true or false, but {key.Name} is a flag";
            }
            else if (key.Values is { } allowed && !allowed.Contains(value, StringComparer.Ordinal))
            {
                yield return $"'{value}' is not a value of {key.Name} (one of: {string.Join(", ", allowed)})";
            }
        }
    }
}
