using System.CommandLine;
using System.Globalization;
using SshBot.App.Cli;
using SshBot.App.Reports;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Targets;

namespace SshBot.App.Diagnose;

/// <summary><c>sshbot diagnose TARGET [--json] [--timeout SECONDS]</c>.</summary>
internal static class DiagnoseCommand
{
    public const double MaxTimeoutSeconds = 300;

    public static Command Create(TextWriter output, TextWriter error, Func<string?, IVerdictSource> verdicts)
    {
        var target = new Argument<string>("target") { Description = "The host to diagnose: [user@]host[:port], [ipv6]:port, or a bare host." };
        var json = new Option<bool>("--json") { Description = "Print the machine-readable report (DESIGN §8) instead of text." };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds to wait for each network step (connect, identification, key exchange). Default 5." };
        var kb = new Option<string?>("--kb") { Description = "The knowledge-base folder. Default: the kb/ folder of this installation." };
        var command = new Command("diagnose", "Probe a host and say why SSH to it fails, with the evidence and the fix.") { target, json, timeout, kb };
        command.SetAction(async (parsed, ct) =>
        {
            var raw = parsed.GetValue(target)!;
            Target parsedTarget;
            try
            {
                parsedTarget = TargetParser.Parse(raw);
            }
            catch (TargetFormatException e)
            {
                await error.WriteLineAsync($"sshbot: {e.Message}");
                return CliHost.ExitInvalidInput;
            }

            var options = new DiagnosisOptions();
            if (parsed.GetValue(timeout) is { } seconds)
            {
                if (seconds is <= 0 or > MaxTimeoutSeconds || double.IsNaN(seconds))
                {
                    await error.WriteLineAsync($"sshbot: --timeout must be between 0 and {MaxTimeoutSeconds.ToString(CultureInfo.InvariantCulture)} seconds.");
                    return CliHost.ExitInvalidInput;
                }

                options = options.WithNetworkTimeout(TimeSpan.FromSeconds(seconds));
            }

            IVerdictSource verdictSource;
            try
            {
                verdictSource = verdicts(parsed.GetValue(kb));
            }
            catch (InvalidDataException e)
            {
                await error.WriteLineAsync($"sshbot: {e.Message}");
                return CliHost.ExitInvalidInput;
            }

            var precheck = TargetPolicy.Default.Precheck(parsedTarget, RequestOrigin.Cli);
            if (!precheck.Allowed)
            {
                await error.WriteLineAsync($"sshbot: {parsedTarget} is refused: {precheck.Reason}.");
                return CliHost.ExitInvalidInput;
            }

            var asJson = parsed.GetValue(json);
            var engine = StandardPlan.CreateEngine(TargetPolicy.Default, options);
            var human = new HumanReportWriter(output);
            if (!asJson)
            {
                await human.WriteHeaderAsync(parsedTarget);
            }

            var progress = asJson ? null : new SynchronousProgress<StageReport>(human.WriteStage);
            var diagnosis = await engine.DiagnoseAsync(parsedTarget, RequestOrigin.Cli, progress, ct);
            if (diagnosis.Refused)
            {
                await error.WriteLineAsync($"sshbot: {parsedTarget} is refused: {diagnosis.Policy.Reason}.");
                return CliHost.ExitInvalidInput;
            }

            var report = DiagnosisReport.From(diagnosis, verdictSource.Rank(diagnosis.Observations));
            if (asJson)
            {
                await output.WriteLineAsync(report.ToJson());
            }
            else
            {
                await human.WriteReportAsync(report);
            }

            return CliHost.ExitOk;
        });
        return command;
    }
}
