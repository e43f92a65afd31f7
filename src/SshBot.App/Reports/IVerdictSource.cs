using SshBot.Diagnostics.Observations;

namespace SshBot.App.Reports;

/// <summary>Turns observations into ranked findings, the first being the verdict.</summary>
internal interface IVerdictSource
{
    /// <summary>The version of the knowledge base that ranks (e.g. <c>r12-3f9a2c1d0b7e</c>), named in the report.</summary>
    string Version { get; }

    IReadOnlyList<ReportFinding> Rank(IReadOnlyDictionary<string, ObservationValue> observations);
}
