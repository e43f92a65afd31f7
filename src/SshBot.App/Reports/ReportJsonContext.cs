using System.Text.Json.Serialization;
using SshBot.App.Diagnose;
using SshBot.App.Explain;

namespace SshBot.App.Reports;

/// <summary>
/// Serialisation code for the reports, generated at build time. A one-shot `sshbot diagnose`
/// otherwise spends tens of milliseconds building reflection metadata for one report. Observation
/// values are typed <c>object</c>, so their runtime types (string, number, flag, list) are listed too.
/// It is the only resolver of <see cref="DiagnosisReport.Json"/>: no reflection, so Native AOT works;
/// a type serialised with those options must be listed here.
/// </summary>
[JsonSerializable(typeof(DiagnosisReport))]
[JsonSerializable(typeof(ExplainReport))]
[JsonSerializable(typeof(BatchSummaryLine))]
[JsonSerializable(typeof(RefusedReportLine))]
[JsonSerializable(typeof(CancelledReportLine))]
[JsonSerializable(typeof(IReadOnlyList<ReportFinding>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, object>))]
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
