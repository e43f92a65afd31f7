using System.Diagnostics;
using System.Globalization;
using SshBot.App.Reports;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Targets;

namespace SshBot.App.Diagnose;

/// <summary>
/// Diagnoses many targets at once. JSON: one report per line as each finishes, then a summary
/// line. Text: a progress bar on the terminal while it runs, then a table and the counts.
/// </summary>
internal sealed class BatchRunner(DiagnosisEngine engine, IVerdictSource verdicts, TextWriter output, TextWriter error)
{
    public const string Refused = "refused";

    public async Task<int> RunAsync(IReadOnlyList<Target> targets, int concurrency, TimeSpan minimumTimeout, bool asJson, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<(string Target, string Verdict, string Detail, long Ms)>(asJson ? 0 : targets.Count);
        var done = 0;
        var bar = !asJson && !Console.IsErrorRedirected;
        await foreach (var diagnosis in engine.DiagnoseManyAsync(targets, RequestOrigin.Cli, concurrency, minimumTimeout, ct))
        {
            done++;
            var report = DiagnosisReport.From(diagnosis, diagnosis.Refused ? [] : verdicts.Rank(diagnosis.Observations), verdicts.Version);
            var verdict = diagnosis.Refused ? Refused : report.Verdict?.Id ?? "no-match";
            counts[verdict] = counts.GetValueOrDefault(verdict) + 1;
            if (asJson)
            {
                await output.WriteLineAsync(diagnosis.Refused ? RefusedLine(diagnosis) : report.ToJson(indented: false));
            }
            else
            {
                rows.Add((diagnosis.Target.ToString(), verdict, diagnosis.Refused ? diagnosis.Policy.Reason : Detail(report), diagnosis.ElapsedMs));
                if (bar)
                {
                    await error.WriteAsync(ProgressBar(done, targets.Count));
                }
            }
        }

        if (asJson)
        {
            var summary = new BatchSummaryLine(new BatchSummary(targets.Count, counts, started.ElapsedMilliseconds));
            await output.WriteLineAsync(DiagnosisReport.Serialize(summary, DiagnosisReport.JsonLine));
            return 0;
        }

        if (bar)
        {
            await error.WriteLineAsync();
        }

        await WriteTableAsync(rows);
        await output.WriteLineAsync();
        await output.WriteLineAsync($"{targets.Count} targets in {started.ElapsedMilliseconds} ms: " +
            string.Join(", ", counts.Select(kv => $"{kv.Value} {kv.Key}")));
        return 0;
    }

    private static string RefusedLine(Diagnosis diagnosis)
    {
        var t = diagnosis.Target;
        var line = new RefusedReportLine(new ReportTarget(t.Host, t.Port, t.User, []), diagnosis.Policy.Reason);
        return DiagnosisReport.Serialize(line, DiagnosisReport.JsonLine);
    }

    private static string Detail(DiagnosisReport report)
    {
        string[] keys = ["dns.status", "tcp.status", "ssh.banner.status", "ssh.kex.status"];
        var last = keys.LastOrDefault(report.Observations.ContainsKey);
        return last is null ? "" : $"{last}={report.Observations[last]}";
    }

    private static string ProgressBar(int done, int total)
    {
        const int width = 30;
        var filled = (int)((long)done * width / Math.Max(total, 1));
        return $"\r[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total}";
    }

    private async Task WriteTableAsync(List<(string Target, string Verdict, string Detail, long Ms)> rows)
    {
        var targetWidth = Math.Max(6, rows.Max(r => r.Target.Length));
        var verdictWidth = Math.Max(7, rows.Max(r => r.Verdict.Length));
        await output.WriteLineAsync($"{"TARGET".PadRight(targetWidth)}  {"VERDICT".PadRight(verdictWidth)}  {"MS",6}  EVIDENCE");
        foreach (var r in rows.OrderBy(r => r.Verdict, StringComparer.Ordinal).ThenBy(r => r.Target, StringComparer.Ordinal))
        {
            await output.WriteLineAsync($"{r.Target.PadRight(targetWidth)}  {r.Verdict.PadRight(verdictWidth)}  {r.Ms.ToString(CultureInfo.InvariantCulture),6}  {r.Detail}");
        }
    }
}

/// <summary>The last JSON line of a batch: <c>{"summary":{"targets":…,"verdicts":{…},"elapsedMs":…}}</c>.</summary>
internal sealed record BatchSummaryLine(BatchSummary Summary);

internal sealed record BatchSummary(int Targets, SortedDictionary<string, int> Verdicts, long ElapsedMs);

/// <summary>The JSON line of a target the policy refused: its target (no addresses) and the reason.</summary>
internal sealed record RefusedReportLine(ReportTarget Target, string Refused);
