using System.CommandLine;
using SshBot.App.Cli;
using SshBot.App.Reports;
using SshBot.Chat.Running;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Targets;
using SshBot.Zones.Comparison;
using SshBot.Zones.Configuration;
using SshBot.Zones.Running;

namespace SshBot.App.Diagnose;

/// <summary>
/// <c>sshbot diagnose HOST --zones dc1,office</c>: runs the diagnosis on the agents of each zone
/// (through NATS, as configured in Zones__* and Nats__*) and merges the reports: the verdict may be
/// one only a comparison shows, and the JSON report gains a <c>zones</c> section per zone.
/// </summary>
internal static class ZonesOption
{
    public static Option<string?> Create() => new("--zones")
    {
        Description = "Run in these zones (names or aliases, comma-separated) on their agents over NATS and compare the reports (Zones__N__*, Nats__*). One target; not recorded.",
    };

    public static async Task<int> RunAsync(IReadOnlyList<Target> targets, string zones, DiagnosisOptions options, Task<IVerdictSource> verdicts, bool asJson, CliSettings settings, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (targets.Count != 1)
        {
            await error.WriteLineAsync("sshbot: --zones goes with one target.");
            return CliHost.ExitInvalidInput;
        }

        ZoneMap map;
        NatsSettings nats;
        List<Zone> chosen = [];
        try
        {
            var configuration = settings.Configuration;
            map = ZoneSettings.ReadZones(configuration);
            nats = ZoneSettings.ReadNats(configuration);
            foreach (var name in zones.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                chosen.Add(map.Named(name) ?? throw new ZoneConfigurationException($"--zones: no zone is called '{name}' (zones: {string.Join(", ", map.Zones.Select(z => z.Name))})."));
            }
        }
        catch (ZoneConfigurationException e)
        {
            await error.WriteLineAsync($"sshbot: {e.Message}");
            return CliHost.ExitInvalidInput;
        }

        var target = targets[0];
        if (chosen.Count == 0 || settings.Policy.Precheck(target, RequestOrigin.Cli) is { Allowed: false } refused)
        {
            await error.WriteLineAsync(chosen.Count == 0 ? "sshbot: --zones names no zone." : $"sshbot: {target} is refused.");
            return CliHost.ExitInvalidInput;
        }

        await using var backend = new ZoneBackend(nats, [.. map.Zones.Select(z => z.Name)], $"sshbot-cli {Environment.MachineName}-{Environment.ProcessId}", patient: false);
        var human = new HumanReportWriter(output);
        if (!asJson)
        {
            await human.WriteHeaderAsync(target);
        }

        ComparedDiagnosis compared;
        try
        {
            var progress = new SynchronousProgress<StageReport>(stage =>
            {
                if (!asJson)
                {
                    human.WriteStage(stage);
                }
            });
            compared = await new ZoneDiagnosisRunner(map, backend, options).CompareAsync(target, RequestOrigin.Cli, $"cli-{Guid.NewGuid():N}", chosen, progress, ct);
        }
        catch (NATS.Client.Core.NatsException e)
        {
            await error.WriteLineAsync($"sshbot: cannot reach NATS ({e.Message}).");
            return CliHost.ExitFailure;
        }

        IVerdictSource source;
        try
        {
            source = await verdicts;
        }
        catch (InvalidDataException e)
        {
            await error.WriteLineAsync($"sshbot: {e.Message}");
            return CliHost.ExitInvalidInput;
        }

        var report = DiagnosisReport.From(compared.Merged, source.Rank(compared.Merged.Observations)) with
        {
            Zones = [.. compared.Zones.Select(z => ZoneReport.From(z.Zone, z.Agent, DiagnosisReport.From(z.Diagnosis, source.Rank(z.Diagnosis.Observations))))],
        };
        if (asJson)
        {
            await output.WriteLineAsync(report.ToJson());
            return CliHost.ExitOk;
        }

        await human.WriteReportAsync(report);
        await output.WriteLineAsync();
        foreach (var zone in report.Zones)
        {
            await output.WriteLineAsync($"From {zone.Zone}{(zone.Agent is null ? "" : $" (agent {zone.Agent})")}: {zone.Verdict?.Title ?? "no verdict"}");
        }

        return CliHost.ExitOk;
    }
}
