using System.CommandLine;
using System.Globalization;
using SshBot.App.Cli;
using SshBot.App.Explain;
using SshBot.App.Incidents;
using SshBot.Incidents;
using SshBot.App.Reports;
using SshBot.Chat.Running;
using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.SshSessions;
using SshBot.Diagnostics.Probes.PathCheck;
using SshBot.Diagnostics.Targets;

namespace SshBot.App.Diagnose;

/// <summary>
/// <c>sshbot diagnose TARGET... [--targets FILE] [--json] [--timeout SECONDS] [--concurrency N]
/// [--identity KEY] [--ssh-user USER] [--jump HOST] [--known-hosts FILE]</c>.
/// </summary>
internal static class DiagnoseCommand
{
    public const double MaxTimeoutSeconds = 300;
    /// <summary>
    /// Targets in flight at once by default. Measured on the fleet bench (999 addresses, a third
    /// of them served by one sshd on two cores): at 512, a burst of ~170 handshakes overflowed
    /// that sshd's listen queue (128) for over a second, so a SYN and its retransmission were
    /// both dropped and up to 9 healthy hosts were called silent; at 256 and below, none were,
    /// in about the same wall time.
    /// </summary>
    public const int DefaultConcurrency = 256;
    public const int MaxConcurrency = 4096;

    /// <summary>
    /// The least a connect is given once timeouts are learned. At 0.3 s, a 999-host lab run
    /// on two busy cores called three answering hosts silent: the answers were late because
    /// the prober itself was starved, not because the hosts were slow. A learned timeout must
    /// never manufacture a silent drop, so the floor leaves room for that.
    /// </summary>
    public static readonly TimeSpan DefaultMinimumTimeout = TimeSpan.FromSeconds(1);

    public static Command Create(TextWriter output, TextWriter error, Func<string?, IncidentStoreOptions?, TextWriter, CancellationToken, Task<IVerdictSource>> verdicts)
    {
        var targets = new Argument<string[]>("target")
        {
            Description = "Hosts to diagnose: [user@]host[:port], [ipv6]:port, a CIDR (198.18.0.0/28) or a range (web-[01-40]).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var targetsFile = new Option<string?>("--targets") { Description = "A file of targets, one per line; '#' starts a comment." };
        var json = new Option<bool>("--json") { Description = "Print the machine-readable report (DESIGN §8); JSON Lines and a summary for several targets." };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds to wait for each network step (connect, identification, key exchange, the bot's own ssh connect). Default 5 (ssh: Ssh__ConnectTimeout, 10)." };
        var minTimeout = new Option<double?>("--min-timeout") { Description = "For several targets: the least a connect may be given once timeouts are learned from the hosts that answer. Default 1." };
        var concurrency = new Option<int?>("--concurrency") { Description = $"For several targets: how many are diagnosed at once. Default {DefaultConcurrency}." };
        var kb = new Option<string?>("--kb") { Description = "The knowledge-base folder. Default: Kb__Directory, else the kb/ folder of this installation. The edits stored from chat in the incident store (--data-dir, --store) are laid over it." };
        var noRecord = new Option<bool>("--no-record") { Description = "Do not record the diagnosis as an incident; the audit line is still written. (Runs over several targets are never recorded.)" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where the SQLite incident store lives (default: Storage__DataDirectory, else $XDG_DATA_HOME/sshbot or ~/.local/share/sshbot)." };
        var store = new Option<string?>("--store") { Description = "sqlite or postgres (default: Storage__Provider, else sqlite; the connection string from Storage__ConnectionString or $SSHBOT_INCIDENTS_CONNECTION)." };
        var clientLog = new Option<string?>("--client-log") { Description = "A file with the user's own failing `ssh -v` output (or PuTTY message): its findings join the bot's (one target only; first 1 MiB read)." };
        var identity = new Option<string?>("--identity") { Description = "The bot's private key: with it the bot logs in (strict host keys, its own known_hosts). Default: Ssh__IdentityFile; none: no login." };
        var sshUser = new Option<string?>("--ssh-user") { Description = "The user the bot logs in as. Default: Ssh__User, else the target's user." };
        var jump = new Option<string?>("--jump") { Description = "A jump host for the bot's login, [user@]host[:port]. Default: Ssh__JumpHost." };
        var knownHosts = new Option<string?>("--known-hosts") { Description = "The bot's known_hosts file. Default: Ssh__KnownHostsFile, else known_hosts in the data directory (pin keys with 'sshbot hosts trust')." };
        var pathConnects = new Option<int?>("--path-connects")
        {
            Description = $"Repeated connects for the path check (loss, RTT, jitter), 0-{PathOptions.MaxConnects}; 0 turns the path check off. Default {PathOptions.DefaultConnects}: OpenSSH 9.8+ refuses a source for a while once about 15 connections from it closed without logging in, in quick succession.",
        };
        var zones = ZonesOption.Create();
        var command = new Command("diagnose", "Probe hosts and say why SSH to them fails, with the evidence and the fix.")
        {
            targets, targetsFile, json, timeout, minTimeout, concurrency, kb, noRecord, dataDir, store, clientLog, identity, sshUser, jump, knownHosts,
        };
        var reported = new ReportedOptions();
        command.Options.Add(reported.From);
        command.Options.Add(reported.Symptom);
        command.Options.Add(pathConnects);
        command.Options.Add(zones);
        command.SetAction(async (parsed, ct) =>
        {
            IReadOnlyList<Target> expanded;
            DiagnosisOptions options;
            TimeSpan floor;
            int parallel;
            Task<IVerdictSource> verdictSource;
            IncidentStoreOptions? recordTo;
            CliSettings settings;
            ClientLogResult? userLog = null;
            try
            {
                expanded = TargetInputs.Collect(parsed.GetValue(targets) ?? [], parsed.GetValue(targetsFile));
                options = new DiagnosisOptions { Reported = reported.Read(parsed) };
                if (parsed.GetValue(timeout) is { } seconds)
                {
                    options = options.WithNetworkTimeout(Seconds("--timeout", seconds));
                }

                if (parsed.GetValue(pathConnects) is { } connects)
                {
                    options = connects is >= 0 and <= PathOptions.MaxConnects
                        ? options with { Path = options.Path with { Connects = connects } }
                        : throw new TargetFormatException($"--path-connects must be between 0 and {PathOptions.MaxConnects}.");
                }

                floor = parsed.GetValue(minTimeout) is { } min ? Seconds("--min-timeout", min) : DefaultMinimumTimeout;
                parallel = parsed.GetValue(concurrency) ?? DefaultConcurrency;
                if (parallel is < 1 or > MaxConcurrency)
                {
                    throw new TargetFormatException($"--concurrency must be between 1 and {MaxConcurrency}.");
                }

                // The knowledge base loads while the probes run: on a one-shot run its parsing is
                // as long as the probes themselves (bench/verdict-latency.sh).
                // The edits stored from chat are read from the store even with --no-record (reading writes nothing).
                settings = CliSettings.Load(
                [
                    CliKeys.Value(CliKeys.Store, parsed.GetValue(store)),
                    CliKeys.Path(CliKeys.DataDirectory, parsed.GetValue(dataDir)),
                    CliKeys.Path(CliKeys.KbDirectory, parsed.GetValue(kb)),
                    CliKeys.Path(CliKeys.IdentityFile, parsed.GetValue(identity)),
                    CliKeys.Value(CliKeys.User, parsed.GetValue(sshUser)),
                    CliKeys.Value(CliKeys.JumpHost, parsed.GetValue(jump)),
                    CliKeys.Path(CliKeys.KnownHostsFile, parsed.GetValue(knownHosts)),
                    // --timeout bounds every network step, the bot's own ssh connect included.
                    CliKeys.Seconds(CliKeys.ConnectTimeout, parsed.GetValue(timeout) is null ? null : options.ConnectTimeout),
                ]);
                var kbDirectory = settings.KbDirectory;
                var storeOptions = settings.Store;
                verdictSource = Task.Run(() => verdicts(kbDirectory, storeOptions, error, ct), CancellationToken.None);
                recordTo = parsed.GetValue(noRecord) ? null : storeOptions;
                if (parsed.GetValue(clientLog) is { } logFile)
                {
                    userLog = expanded.Count == 1
                        ? await PastedText.ParseFileAsync(logFile, ct)
                        : throw new TargetFormatException("--client-log goes with one target, the one the log is about.");
                }
            }
            catch (Exception e) when (e is TargetFormatException or InvalidDataException)
            {
                await error.WriteLineAsync($"sshbot: {e.Message}");
                return CliHost.ExitInvalidInput;
            }

            if (parsed.GetValue(zones) is { } zoneNames)
            {
                return await ZonesOption.RunAsync(expanded, zoneNames, options, verdictSource, parsed.GetValue(json), settings, output, error, ct);
            }

            SshOptions ssh;
            try
            {
                ssh = settings.Ssh();
            }
            catch (SshConfigurationException e)
            {
                await error.WriteLineAsync($"sshbot: {e.Message}");
                return CliHost.ExitInvalidInput;
            }

            // Every policy decision is audited before it takes effect (SECURITY.md 15): no audit log, no probe.
            using var audit = CliAudit.Open(settings);
            if (audit.Problem() is { } unaudited)
            {
                await error.WriteLineAsync($"sshbot: {unaudited}");
                return CliHost.ExitFailure;
            }

            var policy = settings.Policy.WithRecorder(audit);
            try
            {
                // The jump host is checked (and a refusal audited) like a target, before any connect.
                ssh.CheckJumpHost(policy, RequestOrigin.Cli);
            }
            catch (SshConfigurationException e)
            {
                await error.WriteLineAsync($"sshbot: {e.Message}");
                return CliHost.ExitInvalidInput;
            }

            // Keys the bot trusted are kept with the incidents (not with --no-record: nothing is written then).
            await using var historyStore = ssh.HasIdentity && recordTo is not null ? await OpenHistoryAsync(recordTo, error, ct) : null;
            var history = historyStore is null ? null : new StoredHostKeyHistory(historyStore);
            var engine = StandardPlan.CreateEngine(policy, options, ssh: ssh, history: history);
            var asJson = parsed.GetValue(json);
            if (expanded.Count == 1)
            {
                var request = new OneRequest(expanded[0], asJson, recordTo, string.Join(' ', parsed.Tokens.Select(t => t.Value)), userLog) { Policy = policy };
                return await RunOneAsync(engine, request, verdictSource, output, error, ct);
            }

            if (await KnowledgeBaseOrErrorAsync(verdictSource, error) is not { } loaded)
            {
                return CliHost.ExitInvalidInput;
            }

            var batch = new BatchRunner(engine, loaded, output, error);
            return await batch.RunAsync(expanded, parallel, floor, asJson, ct);
        });
        return command;
    }

    private static async Task<IIncidentStore?> OpenHistoryAsync(IncidentStoreOptions options, TextWriter error, CancellationToken ct)
    {
        try
        {
            return await IncidentStoreFactory.CreateAsync(options, ct: ct);
        }
        catch (IncidentStoreException e)
        {
            await error.WriteLineAsync($"sshbot: host key history unavailable ({e.Message}); changed keys will not say whether they were seen before.");
            return null;
        }
    }

    private static TimeSpan Seconds(string option, double value) =>
        value is > 0 and <= MaxTimeoutSeconds
            ? TimeSpan.FromSeconds(value)
            : throw new TargetFormatException($"{option} must be between 0 and {MaxTimeoutSeconds.ToString(CultureInfo.InvariantCulture)} seconds.");

    private sealed record OneRequest(Target Target, bool AsJson, IncidentStoreOptions? RecordTo, string CommandLine, ClientLogResult? UserLog = null)
    {
        public TargetPolicy Policy { get; init; } = TargetPolicy.Default;
    }

    /// <summary>The loaded knowledge base, or null after printing why it could not be loaded.</summary>
    private static async Task<IVerdictSource?> KnowledgeBaseOrErrorAsync(Task<IVerdictSource> loading, TextWriter error)
    {
        try
        {
            return await loading;
        }
        catch (InvalidDataException e)
        {
            await error.WriteLineAsync($"sshbot: {e.Message}");
            return null;
        }
    }

    private static async Task<int> RunOneAsync(DiagnosisEngine engine, OneRequest request, Task<IVerdictSource> loading, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var (target, asJson) = (request.Target, request.AsJson);
        var precheck = request.Policy.Precheck(target, RequestOrigin.Cli);
        if (!precheck.Allowed)
        {
            await error.WriteLineAsync($"sshbot: {target} is refused: {precheck.Reason}.");
            return CliHost.ExitInvalidInput;
        }

        IncidentRecorder? recorder = null;
        if (request.RecordTo is { } options)
        {
            // Nothing is written until the knowledge base is known to be good: bad input changes nothing.
            if (await KnowledgeBaseOrErrorAsync(loading, error) is null)
            {
                return CliHost.ExitInvalidInput;
            }

            try
            {
                recorder = await IncidentRecorder.StartAsync(options, target, "cli", Environment.UserName, request.CommandLine, $"cli:{Guid.NewGuid():N}", ct);
            }
            catch (IncidentStoreException e)
            {
                await error.WriteLineAsync($"sshbot: cannot record the incident: {e.Message} (use --no-record to diagnose without recording)");
                return CliHost.ExitFailure;
            }
        }

        await using (recorder)
        {
            var human = new HumanReportWriter(output);
            if (!asJson)
            {
                await human.WriteHeaderAsync(target);
            }

            var progress = new SynchronousProgress<StageReport>(stage =>
            {
                recorder?.StageFinished(stage);
                if (!asJson)
                {
                    human.WriteStage(stage);
                }
            });
            Diagnosis? diagnosis = null;
            try
            {
                diagnosis = await engine.DiagnoseAsync(target, RequestOrigin.Cli, progress, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }

            if (diagnosis is null || ct.IsCancellationRequested)
            {
                // Stages cut short by the signal would read as timeouts: no verdict, and the record says why.
                return await InterruptedAsync(target, asJson, recorder, output, error);
            }

            if (diagnosis.Refused)
            {
                await error.WriteLineAsync($"sshbot: {target} is refused: {diagnosis.Policy.Reason}.");
                return CliHost.ExitInvalidInput;
            }

            // Without a recorder the probes ran while the knowledge base loaded; they change nothing
            // on the host, so a broken knowledge base still ends the run with nothing written.
            if (await KnowledgeBaseOrErrorAsync(loading, error) is not { } verdicts)
            {
                return CliHost.ExitInvalidInput;
            }

            diagnosis = ClientLogOption.Merge(diagnosis, request.UserLog);
            var report = DiagnosisReport.From(diagnosis, verdicts.Rank(diagnosis.Observations), verdicts.Version);
            if (recorder is not null)
            {
                await recorder.CompleteAsync(report, ct);
            }

            if (asJson)
            {
                await output.WriteLineAsync(report.ToJson());
            }
            else
            {
                await human.WriteReportAsync(report);
                await ClientLogOption.WriteAsync(output, request.UserLog, diagnosis.Observations, target.Host);
                if (recorder is not null)
                {
                    await output.WriteLineAsync($"Recorded as incident {recorder.Opened.IncidentId}{(recorder.Opened.Joined ? " (joined the open incident for this host)" : "")}: sshbot incidents show {recorder.Opened.IncidentId}");
                }
            }

            return CliHost.ExitOk;
        }
    }

    private static async Task<int> InterruptedAsync(Target target, bool asJson, IncidentRecorder? recorder, TextWriter output, TextWriter error)
    {
        if (recorder is not null)
        {
            await recorder.InterruptAsync();
        }

        if (asJson)
        {
            await output.WriteLineAsync(BatchRunner.CancelledLine(target));
        }

        await error.WriteLineAsync($"sshbot: the diagnosis of {target} was interrupted before it finished; nothing was concluded.");
        return CliHost.ExitInterrupted;
    }
}
