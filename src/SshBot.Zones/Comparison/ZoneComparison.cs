using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Targets;
using SshBot.Zones.Running;

namespace SshBot.Zones.Comparison;

/// <summary>A diagnosis run in several zones: each zone's own, and the merge the knowledge base reads.</summary>
public sealed record ComparedDiagnosis(Diagnosis Merged, IReadOnlyList<ZoneOutcome> Zones);

/// <summary>
/// Merges the diagnoses of one target from several zones. The merged observations are those of the
/// zone that got furthest (so a host that works from somewhere is not called down), plus
/// <c>vantage.*</c> keys saying which zones reached it, which were dropped, reset or unreachable:
/// what only a comparison shows, for the comparison articles to match.
/// </summary>
public static class ZoneComparison
{
    private static readonly string[] Order = ["reachable", "reset", "unreachable", "dropped", "unknown"];

    public static ComparedDiagnosis Merge(Target target, IReadOnlyList<ZoneOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0)
        {
            throw new ArgumentException("A comparison needs at least one zone.", nameof(outcomes));
        }

        var classes = outcomes.Select(o => (Outcome: o, Class: Classify(o.Diagnosis.Observations))).ToArray();
        var furthest = classes.OrderBy(c => Array.IndexOf(Order, c.Class)).ThenByDescending(c => Progress(c.Outcome.Diagnosis.Observations)).First().Outcome;
        var observations = new SortedDictionary<string, ObservationValue>(
            furthest.Diagnosis.Observations.Where(kv => !kv.Key.StartsWith("vantage.", StringComparison.Ordinal)).ToDictionary(),
            StringComparer.Ordinal)
        {
            ["vantage.status"] = ObservationValue.Of("compared"),
            ["vantage.zones"] = ObservationValue.Of(outcomes.Select(o => o.Zone)),
            ["vantage.verdicts"] = ObservationValue.Of(classes.Select(c => $"{c.Outcome.Zone}: {Describe(c.Outcome.Diagnosis.Observations)}")),
        };
        foreach (var (name, key) in new[] { ("reachable", "vantage.reachable_from"), ("dropped", "vantage.dropped_from"), ("reset", "vantage.reset_from"), ("unreachable", "vantage.unreachable_from") })
        {
            var zones = classes.Where(c => c.Class == name).Select(c => c.Outcome.Zone).ToArray();
            if (zones.Length > 0)
            {
                observations[key] = ObservationValue.Of(zones);
            }
        }

        var stages = outcomes.SelectMany(o => o.Diagnosis.Stages.Select(s => s with { Name = $"{o.Zone}/{s.Name}" })).ToArray();
        var merged = new Diagnosis(
            target,
            furthest.Diagnosis.Policy,
            [.. outcomes.SelectMany(o => o.Diagnosis.Addresses).Distinct(StringComparer.Ordinal)],
            observations,
            stages,
            outcomes.Max(o => o.Diagnosis.ElapsedMs));
        return new ComparedDiagnosis(merged, outcomes);
    }

    /// <summary>What a zone saw of the port: reachable, dropped (silent), reset (refused or reset on the way), unreachable, or unknown (not probed).</summary>
    public static string Classify(IReadOnlyDictionary<string, ObservationValue> o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var tcp = Text(o, "tcp.status");
        var banner = Text(o, "ssh.banner.status");
        var kex = Text(o, "ssh.kex.status");
        return tcp switch
        {
            "connected" when banner is "reset" or "closed-before-banner" || kex == "reset" => "reset",
            "connected" => "reachable",
            "refused" or "reset" => "reset",
            "timeout" => "dropped",
            "unreachable" => "unreachable",
            _ => "unknown",
        };
    }

    private static int Progress(IReadOnlyDictionary<string, ObservationValue> o) =>
        (Text(o, "ssh.kex.status") == "received" ? 2 : 0) + (Text(o, "ssh.banner.status") == "received" ? 1 : 0);

    private static string Describe(IReadOnlyDictionary<string, ObservationValue> o)
    {
        if (Text(o, "vantage.status") is { } status && status is "offline" or "no-result" or "none")
        {
            return Text(o, "vantage.offline_since") is { } since ? $"{status} since {since}" : status;
        }

        var parts = new List<string>();
        if (Text(o, "tcp.status") is { } tcp)
        {
            parts.Add("tcp " + tcp);
        }

        if (Text(o, "ssh.banner.status") is { } banner)
        {
            parts.Add("banner " + banner);
        }

        return parts.Count == 0 ? "not probed" : string.Join(", ", parts);
    }

    private static string? Text(IReadOnlyDictionary<string, ObservationValue> o, string key) =>
        o.TryGetValue(key, out var v) && v.Kind == ObservationKind.Text ? v.Text : null;
}
