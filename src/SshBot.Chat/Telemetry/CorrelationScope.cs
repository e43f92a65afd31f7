using System.Collections;

namespace SshBot.Chat.Telemetry;

/// <summary>
/// A log scope of one id (WorkId: the platform delivery id the request is stored under, from the webhook to the reply; IncidentId): the JSON console writes it as
/// <c>{"Message":"WorkId=slack:Ev1","WorkId":"slack:Ev1"}</c> on every line logged inside it.
/// </summary>
public sealed class CorrelationScope(string name, object value) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] => index == 0 ? new(name, value) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{name}={value}";
}
