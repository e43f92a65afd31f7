using System.Globalization;
using System.Text.RegularExpressions;
using SshBot.Diagnostics.Observations;

namespace SshBot.KnowledgeBase.Conditions;

/// <summary>
/// A leaf condition: <c>KEY op VALUE</c>. Text compares as a string, Number numerically, Flag as
/// true/false. On a List, <c>==</c>, <c>~</c> and <c>in</c> hold when any element does and
/// <c>!=</c> when no element equals the value. An absent key makes the comparison unknown.
/// </summary>
public sealed class Comparison : Condition
{
    private readonly string[] _values;

    // Immutable, so built once: most leaves of most articles are undecided on any diagnosis.
    private readonly Evaluation _undecided;

    internal Comparison(string text, string key, ComparisonOperator op, IReadOnlyList<string> values, Regex? pattern, int line)
        : base(line)
    {
        Text = text;
        Key = key;
        Operator = op;
        _values = values.ToArray();
        Pattern = pattern;
        _undecided = Evaluation.Undecided(MissingHints.For(key));
    }

    /// <summary>The condition as written, trimmed.</summary>
    public string Text { get; }

    public string Key { get; }

    public ComparisonOperator Operator { get; }

    /// <summary>The operand(s): one for ==, !=, &lt;, &gt;; the set for <c>in</c>; none for exists and ~.</summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>The compiled regex for <c>~</c>.</summary>
    public Regex? Pattern { get; }

    public override int LeafCount => 1;

    public override IEnumerable<Comparison> Leaves() => [this];

    public override Evaluation Evaluate(IReadOnlyDictionary<string, ObservationValue> observations)
    {
        if (!observations.TryGetValue(Key, out var value))
        {
            return _undecided;
        }

        try
        {
            var observed = Holds(value);
            return observed is null ? Evaluation.False : Evaluation.Met($"{Text} (observed: {observed})");
        }
        catch (RegexMatchTimeoutException)
        {
            return Evaluation.Undecided($"{Text}: the pattern timed out on the observed value ({Shorten(value.ToString())}); check it by hand");
        }
    }

    /// <summary>What to show as the observed value when the comparison holds; null when it does not.</summary>
    private string? Holds(ObservationValue value)
    {
        if (Operator == ComparisonOperator.Exists)
        {
            return Shorten(value.ToString());
        }

        if (value.Kind == ObservationKind.List)
        {
            return Operator switch
            {
                ComparisonOperator.NotEqual => value.Items.Contains(_values[0], StringComparer.Ordinal) ? null : Shorten(value.ToString()),
                ComparisonOperator.Equal or ComparisonOperator.Matches or ComparisonOperator.In =>
                    value.Items.FirstOrDefault(ScalarHolds) is { } item ? Shorten(item) : null,
                _ => null,
            };
        }

        var shown = value.ToString();
        return ScalarHolds(value) ? Shorten(shown) : null;
    }

    private bool ScalarHolds(ObservationValue value) => value.Kind switch
    {
        ObservationKind.Number => NumberHolds(value.Number),
        ObservationKind.Flag => TextHolds(value.Flag ? "true" : "false"),
        _ => TextHolds(value.Text ?? ""),
    };

    private bool ScalarHolds(string item) => TextHolds(item);

    private bool TextHolds(string text) => Operator switch
    {
        ComparisonOperator.Equal => string.Equals(text, _values[0], StringComparison.Ordinal),
        ComparisonOperator.NotEqual => !string.Equals(text, _values[0], StringComparison.Ordinal),
        ComparisonOperator.In => _values.Contains(text, StringComparer.Ordinal),
        ComparisonOperator.Matches => Pattern!.IsMatch(text),
        ComparisonOperator.LessThan or ComparisonOperator.GreaterThan =>
            TryNumber(text, out var n) && NumberHolds(n),
        _ => false,
    };

    private bool NumberHolds(double number) => Operator switch
    {
        ComparisonOperator.Equal => TryNumber(_values[0], out var v) && number.Equals(v),
        ComparisonOperator.NotEqual => !TryNumber(_values[0], out var v) || !number.Equals(v),
        ComparisonOperator.LessThan => TryNumber(_values[0], out var v) && number < v,
        ComparisonOperator.GreaterThan => TryNumber(_values[0], out var v) && number > v,
        ComparisonOperator.In => _values.Any(s => TryNumber(s, out var v) && number.Equals(v)),
        ComparisonOperator.Matches => Pattern!.IsMatch(number.ToString("0.###", CultureInfo.InvariantCulture)),
        _ => false,
    };

    internal static bool TryNumber(string text, out double number) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);

    private static string Shorten(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 197), "...");

    public override string ToString() => Text;
}
