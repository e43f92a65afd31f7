using SshBot.Diagnostics.Observations;

namespace SshBot.App.Reports;

/// <summary>Placeholder until the knowledge base is wired: observations only, no verdict.</summary>
internal sealed class NoVerdicts : IVerdictSource
{
    public IReadOnlyList<ReportFinding> Rank(IReadOnlyDictionary<string, ObservationValue> observations) => [];
}
