using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SshBot.Incidents;

/// <summary>How the CLI shows incidents: short lines for people, JSON (camelCase) for scripts.</summary>
public static class IncidentText
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, TypeInfoResolver = IncidentJsonContext.Default };

    public static async Task WriteListAsync(TextWriter output, IReadOnlyList<IncidentSummary> incidents, bool json)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(incidents);
        if (json)
        {
            await output.WriteLineAsync(Serialize(incidents));
            return;
        }

        if (incidents.Count == 0)
        {
            await output.WriteLineAsync("No incidents.");
            return;
        }

        foreach (var i in incidents)
        {
            await output.WriteLineAsync(Line(i));
        }
    }

    /// <summary>"#12  2026-01-01 09:00Z  web-01:22  resolved  firewall-drops  fixed by bob: opened tcp/22".</summary>
    public static string Line(IncidentSummary incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var fix = incident.Fix is { } f ? $"  fixed by {f.GivenBy}" + (f.FixApplied is null ? string.Empty : $": {f.FixApplied}") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"#{incident.Id}  {Time(incident.OpenedAt)}  {incident.Host}:{incident.Port}  {incident.Status}  {incident.VerdictId ?? "(no verdict)"}{fix}");
    }

    public static async Task WriteDetailAsync(TextWriter output, IncidentDetail detail, bool json)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(detail);
        if (json)
        {
            await output.WriteLineAsync(Serialize(detail));
            return;
        }

        var i = detail.Incident;
        await output.WriteLineAsync(Line(i));
        if (i.ResolvedAt is { } resolvedAt)
        {
            await output.WriteLineAsync($"resolved {Time(resolvedAt)} by {i.ResolvedBy}");
        }

        foreach (var r in detail.Requests)
        {
            await output.WriteLineAsync($"request {Time(r.ReceivedAt)} {r.RequestedBy} via {r.Platform}{Where(r.Channel, r.Thread)}: {r.Text}");
        }

        foreach (var d in detail.Diagnoses)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"diagnosis {d.Id} {d.Status}{(d.VerdictId is null ? string.Empty : " → " + d.VerdictId)}"));
            foreach (var s in d.Stages)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {s.Name} {s.Status} {s.DurationMs} ms"));
            }

            foreach (var e in detail.Events.Where(e => e.DiagnosisId == d.Id))
            {
                await output.WriteLineAsync($"  {Time(e.At)} {e.Kind}: {e.Text}");
            }
        }

        foreach (var e in detail.Events.Where(e => e.DiagnosisId is null))
        {
            await output.WriteLineAsync($"event {Time(e.At)} {e.Kind}: {e.Text}");
        }

        foreach (var r in detail.Replies)
        {
            await output.WriteLineAsync($"reply {Time(r.SentAt)} {r.Platform}{Where(r.Channel, r.Thread)} message {r.MessageId}");
        }

        foreach (var f in detail.Feedback)
        {
            var fix = f.FixApplied is null ? string.Empty : $" fix: {f.FixApplied}";
            var text = f.Text is null ? string.Empty : $" \"{f.Text}\"";
            await output.WriteLineAsync($"feedback {Time(f.GivenAt)} {f.GivenBy} {f.Kind}{(f.VerdictId is null ? string.Empty : " " + f.VerdictId)}{fix}{text}");
        }
    }

    public static async Task WriteStatsAsync(TextWriter output, IReadOnlyList<CauseCount> counts, string period, bool json)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(counts);
        if (json)
        {
            await output.WriteLineAsync(Serialize(new IncidentStatsJson(period, counts)));
            return;
        }

        if (counts.Count == 0)
        {
            await output.WriteLineAsync($"No incidents with a verdict in the last {period}.");
            return;
        }

        var width = counts.Max(c => c.VerdictId.Length);
        foreach (var c in counts)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{c.VerdictId.PadRight(width)}  {c.Count}"));
        }
    }

    /// <summary>With <see cref="Json"/>, through the generated metadata of <typeparamref name="T"/> (listed in <see cref="IncidentJsonContext"/>).</summary>
    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Json.GetTypeInfo(typeof(T)));

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    private static string Where(string? channel, string? thread) =>
        (channel is null ? string.Empty : $" in {channel}") + (thread is null ? string.Empty : $" thread {thread}");
}
