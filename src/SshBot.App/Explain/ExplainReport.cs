using SshBot.Diagnostics.Observations;
using SshBot.App.Reports;
using SshBot.KnowledgeBase.Explaining;

namespace SshBot.App.Explain;

/// <summary>
/// <c>sshbot explain --json</c>: the DESIGN §8 report shape for pasted text. The target is the host
/// the text named (addresses empty: nothing was resolved), or null; stages are empty; each finding
/// also carries the input lines that decided it.
/// </summary>
internal sealed record ExplainReport(
    ReportTarget? Target,
    ReportVerdict? Verdict,
    IReadOnlyList<ExplainReportFinding> Findings,
    IReadOnlyDictionary<string, object> Observations,
    IReadOnlyList<ReportStage> Stages,
    long ElapsedMs,
    string Source,
    IReadOnlyList<string> CannotTell,
    IReadOnlyList<string> Mismatches)
{
    public static ExplainReport From(TextExplanation explanation, long elapsedMs)
    {
        var host = explanation.Host;
        var findings = explanation.Findings
            .Select(f => new ExplainReportFinding(f.Id, f.Title, f.Score, f.Evidence, f.Missing, f.Quotes))
            .ToArray();
        var top = findings.Length > 0 ? findings[0] : null;
        return new ExplainReport(
            host is null ? null : new ReportTarget(host, explanation.Port ?? 22, explanation.User, []),
            top is null ? null : new ReportVerdict(top.Id, top.Title, top.Score),
            findings,
            ObservationValue.ToPlain(explanation.Log.Observations),
            [],
            elapsedMs,
            explanation.FromTextOnly ? "pasted-text" : "pasted-text+diagnosis",
            explanation.CannotTell,
            explanation.Mismatches);
    }

    public string ToJson() => DiagnosisReport.Serialize(this, DiagnosisReport.Json);
}

internal sealed record ExplainReportFinding(string Id, string Title, double Score, IReadOnlyList<string> Evidence, IReadOnlyList<string> Missing, IReadOnlyList<string> Lines)
{
    /// <summary>Each evidence line with where it came from (see <see cref="ReportFinding.EvidenceSources"/>).</summary>
    public IReadOnlyList<ReportEvidence> EvidenceSources => Evidence.Select(e => new ReportEvidence(e, SshBot.KnowledgeBase.Matching.EvidenceSource.Of(e))).ToArray();
}
