using System.Globalization;

namespace SshBot.Diagnostics.Observations;

/// <summary>The type an observation key holds.</summary>
public enum ObservationKind
{
    Text,
    Number,
    Flag,
    List,
}

/// <summary>
/// One observed value: a string, a number, a boolean or a list of strings. Immutable.
/// </summary>
public sealed record ObservationValue
{
    private ObservationValue(ObservationKind kind, string? text, double number, bool flag, IReadOnlyList<string>? items)
    {
        Kind = kind;
        Text = text;
        Number = number;
        Flag = flag;
        Items = items ?? [];
    }

    public ObservationKind Kind { get; }

    /// <summary>The value when <see cref="Kind"/> is <see cref="ObservationKind.Text"/>.</summary>
    public string? Text { get; }

    /// <summary>The value when <see cref="Kind"/> is <see cref="ObservationKind.Number"/>.</summary>
    public double Number { get; }

    /// <summary>The value when <see cref="Kind"/> is <see cref="ObservationKind.Flag"/>.</summary>
    public bool Flag { get; }

    /// <summary>The value when <see cref="Kind"/> is <see cref="ObservationKind.List"/>; empty otherwise.</summary>
    public IReadOnlyList<string> Items { get; }

    public static ObservationValue Of(string text) => new(ObservationKind.Text, text, 0, false, null);

    public static ObservationValue Of(double number) => new(ObservationKind.Number, null, number, false, null);

    public static ObservationValue Of(bool flag) => new(ObservationKind.Flag, null, 0, flag, null);

    public static ObservationValue Of(IEnumerable<string> items) => new(ObservationKind.List, null, 0, false, items.ToArray());

    /// <summary>The value as it would be written in a knowledge-base condition or shown as evidence.</summary>
    public override string ToString() => Kind switch
    {
        ObservationKind.Text => Text ?? "",
        ObservationKind.Number => Number.ToString("0.###", CultureInfo.InvariantCulture),
        ObservationKind.Flag => Flag ? "true" : "false",
        _ => "[" + string.Join(", ", Items) + "]",
    };

    /// <summary>The value as a plain CLR object (string, double, bool or string[]), for JSON.</summary>
    public object ToPlain() => Kind switch
    {
        ObservationKind.Text => Text ?? "",
        ObservationKind.Number => Number,
        ObservationKind.Flag => Flag,
        _ => Items,
    };

    /// <summary>Every observation as a plain CLR value, in the given order, for JSON.</summary>
    public static Dictionary<string, object> ToPlain(IEnumerable<KeyValuePair<string, ObservationValue>> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        return observations.ToDictionary(kv => kv.Key, kv => kv.Value.ToPlain(), StringComparer.Ordinal);
    }

    public bool Equals(ObservationValue? other) =>
        other is not null && Kind == other.Kind && Text == other.Text && Number.Equals(other.Number)
        && Flag == other.Flag && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => HashCode.Combine(Kind, Text, Number, Flag, Items.Count);
}
