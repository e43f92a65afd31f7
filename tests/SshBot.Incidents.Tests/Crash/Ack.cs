using System.Globalization;

namespace SshBot.Incidents.Tests.Crash;

/// <summary>One "ack INCIDENT DIAGNOSIS KEY" line: the writer's promise that the incident committed whole.</summary>
public sealed record Ack(long IncidentId, long DiagnosisId, string Key)
{
    public static Ack? Parse(string? line)
    {
        var parts = line?.Split(' ');
        return parts is ["ack", var incident, var diagnosis, var key]
            && long.TryParse(incident, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            && long.TryParse(diagnosis, NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            ? new Ack(i, d, key)
            : null;
    }

    public static IEnumerable<Ack> ParseAll(string text) =>
        text.Split('\n').Select(l => Parse(l.TrimEnd('\r'))).OfType<Ack>();
}
