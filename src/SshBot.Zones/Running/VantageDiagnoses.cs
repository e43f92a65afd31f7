using System.Globalization;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Targets;

namespace SshBot.Zones.Running;

/// <summary>
/// The diagnoses a replica writes itself, without probing: no zone covers the target, the zone's
/// agents are offline, or no answer came. Each says so in <c>vantage.*</c> observations (and the
/// target's own), which the knowledge base turns into an article; no network observation is
/// made up, so no network verdict can follow.
/// </summary>
public static class VantageDiagnoses
{
    /// <summary>The name of the one stage these diagnoses report.</summary>
    public const string StageName = "zone";

    public static Diagnosis NoVantagePoint(Target target, IEnumerable<string> zones)
    {
        var names = zones.ToArray();
        return Unprobed(target, $"no zone covers {target.Host} (zones: {string.Join(", ", names)})", new()
        {
            ["vantage.status"] = ObservationValue.Of("none"),
            ["vantage.zones"] = ObservationValue.Of(names),
        });
    }

    /// <summary>
    /// The asker named a place to run from ("from the lab VPN") that is no zone's name or alias:
    /// running from the target's own zone instead would answer a question nobody asked.
    /// </summary>
    public static Diagnosis UnknownPlace(Target target, IEnumerable<string> asked, IEnumerable<string> zones)
    {
        var names = zones.ToArray();
        return Unprobed(target, $"no zone is called {string.Join(" or ", asked.Select(a => $"'{a}'"))} (zones: {string.Join(", ", names)})", new()
        {
            ["vantage.status"] = ObservationValue.Of("none"),
            ["vantage.zones"] = ObservationValue.Of(names),
        });
    }

    public static Diagnosis Offline(Target target, string zone, ZoneStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var since = status.LastSeen is { } seen ? seen.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "never";
        var detail = status.LastSeen is null ? $"zone {zone} has never had an agent online" : $"every agent of zone {zone} is offline, the last heard from at {since}";
        return Unprobed(target, detail, new()
        {
            ["vantage.status"] = ObservationValue.Of("offline"),
            ["vantage.zone"] = ObservationValue.Of(zone),
            ["vantage.offline_since"] = ObservationValue.Of(since),
        });
    }

    public static Diagnosis NoResult(Target target, string zone, TimeSpan waited) =>
        Unprobed(target, $"no agent of zone {zone} answered within {waited.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s", new()
        {
            ["vantage.status"] = ObservationValue.Of("no-result"),
            ["vantage.zone"] = ObservationValue.Of(zone),
        });

    /// <summary>An agent's diagnosis, with where it ran added to its observations.</summary>
    public static Diagnosis Stamp(Diagnosis diagnosis, string zone, string agent)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        var observations = new SortedDictionary<string, ObservationValue>(diagnosis.Observations.ToDictionary(), StringComparer.Ordinal)
        {
            ["vantage.status"] = ObservationValue.Of("agent"),
            ["vantage.zone"] = ObservationValue.Of(zone),
            ["vantage.agent"] = ObservationValue.Of(agent),
        };
        return diagnosis with { Observations = observations };
    }

    private static Diagnosis Unprobed(Target target, string detail, Dictionary<string, ObservationValue> vantage)
    {
        ArgumentNullException.ThrowIfNull(target);
        var observations = new SortedDictionary<string, ObservationValue>(vantage, StringComparer.Ordinal)
        {
            ["target.host"] = ObservationValue.Of(target.Host),
            ["target.port"] = ObservationValue.Of(target.Port),
            ["target.kind"] = ObservationValue.Of(target.Kind),
        };
        if (target.User is { } user)
        {
            observations["target.user"] = ObservationValue.Of(user);
        }

        var stage = new StageReport(StageName, StageStatus.Skipped, 0, detail) { ObservationsSoFar = observations };
        return new Diagnosis(target, PolicyDecision.Allow("not probed: " + detail), [], observations, [stage], 0);
    }
}
