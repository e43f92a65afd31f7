using SshBot.Diagnostics.Observations;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using SshBot.Diagnostics.Engine;
using SshBot.KnowledgeBase.Matching;

namespace SshBot.App.Reports;

/// <summary>The machine-readable report of DESIGN §8, the contract of <c>sshbot diagnose --json</c>.</summary>
internal sealed record DiagnosisReport(
    ReportTarget Target,
    ReportVerdict? Verdict,
    IReadOnlyList<ReportFinding> Findings,
    IReadOnlyDictionary<string, object> Observations,
    IReadOnlyList<ReportStage> Stages,
    long ElapsedMs,
    ReportKnowledgeBase? KnowledgeBase = null)
{
    /// <summary>With <c>--zones</c>: each zone's own report (additive; absent otherwise).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ZoneReport>? Zones { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
        // The report is read by people and tools, not embedded in HTML: keep '+' and '<' readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Generated code only: no reflection, so the report also serialises in a Native AOT build.
        TypeInfoResolver = ReportJsonContext.Default,
    };

    /// <summary>The report of a diagnosis, its ranked findings, and the version of the knowledge base that ranked them.</summary>
    public static DiagnosisReport From(Diagnosis diagnosis, IReadOnlyList<ReportFinding> findings, string? knowledgeBaseVersion = null)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        ArgumentNullException.ThrowIfNull(findings);
        var target = diagnosis.Target;
        var top = findings.Count > 0 ? findings[0] : null;
        return new DiagnosisReport(
            new ReportTarget(target.Host, target.Port, target.User, diagnosis.Addresses),
            top is null ? null : new ReportVerdict(top.Id, top.Title, top.Score),
            findings,
            ObservationValue.ToPlain(diagnosis.Observations),
            diagnosis.Stages.Select(s => new ReportStage(s.Name, s.StatusText, s.Ms, s.Detail)).ToArray(),
            diagnosis.ElapsedMs,
            knowledgeBaseVersion is null ? null : new ReportKnowledgeBase(knowledgeBaseVersion));
    }

    /// <summary>One line, for JSON Lines output.</summary>
    public static readonly JsonSerializerOptions JsonLine = new(Json) { WriteIndented = false };

    public string ToJson(bool indented = true) => Serialize(this, indented ? Json : JsonLine);

    /// <summary>
    /// Serialises with <paramref name="options"/> (<see cref="Json"/> or <see cref="JsonLine"/>) through
    /// the generated metadata of <typeparamref name="T"/>, which must be listed in <see cref="ReportJsonContext"/>.
    /// </summary>
    public static string Serialize<T>(T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return JsonSerializer.Serialize(value, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
    }
}

internal sealed record ReportTarget(string Host, int Port, string? User, IReadOnlyList<string> Addresses);

internal sealed record ReportVerdict(string Id, string Title, double Confidence);

internal sealed record ReportFinding(string Id, string Title, double Score, IReadOnlyList<string> Evidence, IReadOnlyList<string> Missing)
{
    /// <summary>
    /// Each evidence line with where it came from ("paste": the user's pasted output; "probe": the
    /// bot's own probes; "report": what the user said). Additive to the DESIGN §8 fields.
    /// </summary>
    public IReadOnlyList<ReportEvidence> EvidenceSources => Evidence.Select(e => new ReportEvidence(e, EvidenceSource.Of(e))).ToArray();
}

/// <summary>One evidence line and its source: paste, probe or report.</summary>
internal sealed record ReportEvidence(string Evidence, string Source);

/// <summary>Which knowledge base ranked the findings: the stored revision and the content hash, e.g. <c>r12-3f9a2c1d0b7e</c>.</summary>
internal sealed record ReportKnowledgeBase(string Version);

internal sealed record ReportStage(string Name, string Status, long Ms, string Detail);

/// <summary>What one zone's agent saw, ranked on its own: the per-zone section of a compared report.</summary>
internal sealed record ZoneReport(
    string Zone,
    string? Agent,
    ReportVerdict? Verdict,
    IReadOnlyList<ReportFinding> Findings,
    IReadOnlyDictionary<string, object> Observations,
    IReadOnlyList<ReportStage> Stages,
    long ElapsedMs)
{
    public static ZoneReport From(string zone, string? agent, DiagnosisReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(zone, agent, report.Verdict, report.Findings, report.Observations, report.Stages, report.ElapsedMs);
    }
}
