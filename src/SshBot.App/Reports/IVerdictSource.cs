using SshBot.Diagnostics.Observations;

namespace SshBot.App.Reports;

/// <summary>Turns observations into ranked findings, the first being the verdict.</summary>
internal interface IVerdictSource
{
    IReadOnlyList<ReportFinding> Rank(IReadOnlyDictionary<string, ObservationValue> observations);
}
