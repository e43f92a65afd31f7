using System.Collections;

namespace SshBot.Diagnostics.Observations;

/// <summary>
/// The observations of one diagnosis. Stages write to it as they finish; every key must be in
/// <see cref="ObservationVocabulary"/> and hold a value of its declared kind, so the knowledge
/// base can rely on the contract. Safe for concurrent writers.
/// </summary>
public sealed class ObservationSet : IReadOnlyDictionary<string, ObservationValue>
{
    private readonly Dictionary<string, ObservationValue> _values = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Set(string key, ObservationValue value)
    {
        var declared = ObservationVocabulary.Get(key);
        if (declared.Kind != value.Kind)
        {
            throw new ArgumentException($"Observation '{key}' is a {declared.Kind}, not a {value.Kind}.", nameof(value));
        }

        if (declared.Values is { } allowed && !allowed.Contains(value.Text!))
        {
            throw new ArgumentException($"Observation '{key}' cannot be '{value.Text}'; it is one of: {string.Join(", ", allowed)}.", nameof(value));
        }

        lock (_lock)
        {
            _values[key] = value;
        }
    }

    public void Set(string key, string value) => Set(key, ObservationValue.Of(value));

    public void Set(string key, double value) => Set(key, ObservationValue.Of(value));

    public void Set(string key, bool value) => Set(key, ObservationValue.Of(value));

    public void Set(string key, IEnumerable<string> value) => Set(key, ObservationValue.Of(value));

    /// <summary>A copy, ordered by key, that later writes do not change.</summary>
    public IReadOnlyDictionary<string, ObservationValue> Snapshot()
    {
        lock (_lock)
        {
            return new SortedDictionary<string, ObservationValue>(_values, StringComparer.Ordinal);
        }
    }

    public ObservationValue this[string key]
    {
        get
        {
            lock (_lock)
            {
                return _values[key];
            }
        }
    }

    public IEnumerable<string> Keys => Snapshot().Keys;

    public IEnumerable<ObservationValue> Values => Snapshot().Values;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _values.Count;
            }
        }
    }

    public bool ContainsKey(string key)
    {
        lock (_lock)
        {
            return _values.ContainsKey(key);
        }
    }

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ObservationValue value)
    {
        lock (_lock)
        {
            return _values.TryGetValue(key, out value);
        }
    }

    /// <summary>The string value of a key, or null when absent or not a string.</summary>
    public string? GetText(string key) => TryGetValue(key, out var v) ? v.Text : null;

    public IEnumerator<KeyValuePair<string, ObservationValue>> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
