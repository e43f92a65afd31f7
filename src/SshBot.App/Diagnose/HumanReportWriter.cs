using System.Globalization;
using SshBot.App.Reports;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Targets;
using SshBot.KnowledgeBase.Matching;

namespace SshBot.App.Diagnose;

/// <summary>The text an engineer reads in a terminal: stages as they finish, then the verdict and its evidence.</summary>
internal sealed class HumanReportWriter(TextWriter output)
{
    /// <summary>Observations worth showing in text; the JSON report carries them all.</summary>
    private static readonly string[] Highlights =
    [
        "dns.status", "dns.addresses", "tcp.status", "tcp.error", "tcp.ms", "ssh.banner.status", "ssh.banner.line",
        "ssh.banner.pre_lines", "ssh.banner.reply", "ssh.kex.status", "ssh.kex.error", "ssh.kex.mismatch.kex",
        "ssh.kex.mismatch.hostkey", "ssh.kex.mismatch.cipher", "ssh.kex.mismatch.mac",
        "ssh.auth.status", "ssh.auth.methods", "ssh.auth.hostkey.status", "ssh.auth.hostkey.fingerprint",
        "ssh.auth.hostkey.history", "ssh.auth.hostkey.last_seen", "ssh.auth.failure_line",
        "host.inspect.status", "host.sshd.config_file", "host.sshd.config_valid", "host.sshd.config_error",
        "host.sshd.clientaliveinterval", "host.sshd.maxsessions", "host.client_banned", "host.bans", "host.firewall.rules",
        "host.load.per_cpu", "host.memory.available_pct", "host.disk.full", "host.oom.kills",
        "path.loss_pct", "path.rtt_ms", "path.jitter_ms", "path.mtu.status", "path.mtu",
    ];

    public Task WriteHeaderAsync(Target target) => output.WriteLineAsync($"Diagnosing {target}");

    public void WriteStage(StageReport stage)
    {
        var ms = stage.Status == StageStatus.Skipped ? "" : stage.Ms.ToString(CultureInfo.InvariantCulture) + " ms";
        output.WriteLine($"  {stage.Name,-12} {stage.StatusText,-8} {ms,8}  {stage.Detail}");
    }

    public async Task WriteReportAsync(DiagnosisReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        await output.WriteLineAsync();
        await output.WriteLineAsync("Observed:");
        foreach (var key in Highlights)
        {
            if (report.Observations.TryGetValue(key, out var value) && !(value is IReadOnlyList<string> { Count: 0 }))
            {
                await output.WriteLineAsync($"  {key} = {Format(value)}");
            }
        }

        await output.WriteLineAsync();
        if (report.Verdict is not { } verdict)
        {
            await output.WriteLineAsync("Verdict: no article in the knowledge base matches what was observed.");
            return;
        }

        await output.WriteLineAsync($"Verdict: {verdict.Title} ({verdict.Id}), confidence {verdict.Confidence.ToString("0.00", CultureInfo.InvariantCulture)}");
        var top = report.Findings[0];
        foreach (var e in top.Evidence)
        {
            await output.WriteLineAsync($"  because {EvidenceSource.Marked(e)}");
        }

        foreach (var m in top.Missing)
        {
            await output.WriteLineAsync($"  to confirm: {m}");
        }

        var others = report.Findings.Skip(1).Take(3).ToArray();
        if (others.Length > 0)
        {
            await output.WriteLineAsync("Also possible:");
            foreach (var f in others)
            {
                await output.WriteLineAsync($"  {f.Title} ({f.Id}), {f.Score.ToString("0.00", CultureInfo.InvariantCulture)}");
            }
        }
    }

    private static string Format(object value) => value switch
    {
        IReadOnlyList<string> list => string.Join(", ", list),
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => value.ToString() ?? "",
    };
}
