using System.Diagnostics;
using System.Globalization;
using SshBot.App.Cli;
using SshBot.App.Reports;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Targets;

namespace SshBot.App.Diagnose;

/// <summary>
/// Diagnoses many targets at once. JSON: one report per line as each finishes, then a summary
/// line. Text: a progress bar on the terminal while it runs, then a table and the counts.
/// Cancelled (Ctrl-C, SIGTERM), it stops probing, keeps every line already written, reports
/// each unfinished target as cancelled and says so in the summary.
/// </summary>
internal sealed class BatchRunner(DiagnosisEngine engine, IVerdictSource verdicts, TextWriter output, TextWriter error)
{
    public const string Refused = "refused";
    public const string Cancelled = "cancelled";

    public async Task<int> RunAsync(IReadOnlyList<Target> targets, int concurrency, TimeSpan minimumTimeout, bool asJson, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<(string Target, string Verdict, string Detail, long Ms)>(asJson ? 0 : targets.Count);
        var done = 0;
        var bar = !asJson && !Console.IsErrorRedirected;
        var finished = new HashSet<Target>(ReferenceEqualityComparer.Instance);
        try
        {
            await foreach (var diagnosis in engine.DiagnoseManyAsync(targets, RequestOrigin.Cli, concurrency, minimumTimeout, ct))
            {
                if (ct.IsCancellationRequested)
                {
                    // Stages cut short by the cancellation would read as timeouts: not a verdict.
                    break;
                }

                finished.Add(diagnosis.Target);
                await WriteOneAsync(diagnosis);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }

        var cancelled = targets.Where(t => !finished.Contains(t)).ToList();
        if (cancelled.Count > 0)
        {
            counts[Cancelled] = cancelled.Count;
            foreach (var target in cancelled)
            {
                if (asJson)
                {
                    await output.WriteLineAsync(CancelledLine(target));
                }
                else
                {
                    rows.Add((target.ToString(), Cancelled, "interrupted before it finished", 0));
                }
            }
        }

        if (asJson)
        {
            var summary = new BatchSummaryLine(new BatchSummary(targets.Count, counts, started.ElapsedMilliseconds, cancelled.Count > 0 ? true : null));
            await output.WriteLineAsync(DiagnosisReport.Serialize(summary, DiagnosisReport.JsonLine));
            return cancelled.Count > 0 ? CliHost.ExitInterrupted : 0;
        }

        if (bar)
        {
            await error.WriteLineAsync();
        }

        await WriteTableAsync(rows);
        await output.WriteLineAsync();
        await output.WriteLineAsync($"{targets.Count} targets in {started.ElapsedMilliseconds} ms: " +
            string.Join(", ", counts.Select(kv => $"{kv.Value} {kv.Key}")) +
            (cancelled.Count > 0 ? $" (interrupted: {cancelled.Count} not diagnosed)" : ""));
        return cancelled.Count > 0 ? CliHost.ExitInterrupted : 0;

        async Task WriteOneAsync(Diagnosis diagnosis)
        {
            done++;
            var report = DiagnosisReport.From(diagnosis, diagnosis.Refused ? [] : verdicts.Rank(diagnosis.Observations));
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
    }

    /// <summary>The JSON line of a target the run did not finish: <c>{"target":{…},"cancelled":"…"}</c>.</summary>
    public static string CancelledLine(Target t) =>
        DiagnosisReport.Serialize(new CancelledReportLine(new ReportTarget(t.Host, t.Port, t.User, []), "interrupted before it finished"), DiagnosisReport.JsonLine);

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

/// <summary>The summary of a batch; <c>interrupted</c> (only when true) says a signal stopped it, and the "cancelled" verdict counts the targets it left.</summary>
internal sealed record BatchSummary(
    int Targets,
    SortedDictionary<string, int> Verdicts,
    long ElapsedMs,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? Interrupted = null);

/// <summary>The JSON line of a target that a signal left undiagnosed.</summary>
internal sealed record CancelledReportLine(ReportTarget Target, string Cancelled);

/// <summary>The JSON line of a target the policy refused: its target (no addresses) and the reason.</summary>
internal sealed record RefusedReportLine(ReportTarget Target, string Refused);
