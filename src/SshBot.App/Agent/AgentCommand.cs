using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using NATS.Client.JetStream;
using SshBot.App.Cli;
using SshBot.Chat.Running;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.SshSessions;
using SshBot.Diagnostics.Targets;
using SshBot.Incidents;
using SshBot.Zones.Agent;
using SshBot.Chat.Telemetry;
using SshBot.Zones.Configuration;
using SshBot.Zones.Messaging;

namespace SshBot.App.Agent;

/// <summary>
/// <c>sshbot agent --zone NAME</c>: runs the zone's diagnoses where the zone's hosts are. It dials
/// out to NATS only (Nats__*), checks every job's target against its own policy (Targets__*,
/// as a chat request) and logs in with its own identity and known hosts (Ssh__*), like
/// <c>serve</c>. Stops on Ctrl+C or SIGTERM after the jobs in hand are done.
/// </summary>
internal static class AgentCommand
{
    public static Command Create(TextWriter error)
    {
        var zone = new Option<string>("--zone") { Description = "The zone whose jobs this agent runs (as in the replicas' Zones:N:Name).", Required = true };
        var id = new Option<string?>("--id") { Description = "This agent's name in heartbeats and results. Default: HOSTNAME-PID." };
        var concurrency = new Option<int?>("--concurrency") { Description = $"Jobs run at once. Default {AgentOptions.DefaultConcurrency}." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where the default known_hosts lives (default: Storage__DataDirectory, else $XDG_DATA_HOME/sshbot or ~/.local/share/sshbot)." };
        var command = new Command("agent", "Run diagnoses for one zone, taking jobs from NATS JetStream (Nats__Url, Nats__Deployment, Nats__User/Password, Nats__CredsFile or Nats__NKeyFile, Nats__Tls__*); targets must be allowed by Targets__Allow__N. Its spans go to Telemetry__OtlpEndpoint (or OTEL_EXPORTER_OTLP_ENDPOINT) when set, in the trace of the request that sent the job.")
        {
            zone, id, concurrency, dataDir,
        };
        command.SetAction(async (parsed, ct) =>
        {
            AgentOptions agent;
            NatsSettings nats;
            Func<DiagnosisOptions, DiagnosisEngine> engines;
            OpenTelemetry.Trace.TracerProvider? tracing;
            try
            {
                var settings = CliSettings.Load([CliKeys.Path(CliKeys.DataDirectory, parsed.GetValue(dataDir))]);
                var configuration = settings.Configuration;
                agent = Agent(parsed.GetValue(zone)!, parsed.GetValue(id), parsed.GetValue(concurrency));
                nats = ZoneSettings.ReadNats(configuration);
                var ssh = settings.Ssh();
                var policy = new TargetPolicy(Policy(configuration));
                engines = options => StandardPlan.CreateEngine(policy, options, ssh: ssh);
                tracing = TraceExport.Start(configuration, "sshbot-agent", agent.Id);
            }
            catch (Exception e) when (e is ZoneConfigurationException or SshConfigurationException or ArgumentException or InvalidDataException)
            {
                await error.WriteLineAsync($"sshbot agent: {e.Message}");
                return CliHost.ExitInvalidInput;
            }

            // Disposed last: what the last jobs traced is sent before the process ends.
            using var exporting = tracing;
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stopping.Cancel();
            });
            var log = new StderrLogger(error);
            await using var connection = NatsConnector.Connect(nats, $"sshbot-agent {agent.Zone} {agent.Id}", NatsSettings.AgentInboxPrefix(agent.Zone));
            var runner = new JobRunner(connection, new NatsJSContext(connection), nats, engines, logger: log);
            await error.WriteLineAsync($"sshbot agent: zone {agent.Zone} as {agent.Id}, {agent.Concurrency} at once, jobs from {nats.JobsStream} on {Redacted(nats.Url)}");
            await new ZoneAgent(connection, nats, agent, runner, logger: log).RunAsync(stopping.Token);
            await error.WriteLineAsync("sshbot agent: stopped");
            return CliHost.ExitOk;
        });
        return command;
    }

    private static AgentOptions Agent(string zone, string? id, int? concurrency)
    {
        if (!ZoneSettings.IsValidName(zone))
        {
            throw new ArgumentException($"--zone '{zone}' must be 1-32 lowercase letters, digits or dashes.");
        }

        var agentId = id ?? AgentOptions.DefaultId();
        if (agentId.Length is 0 or > 64 || !agentId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"--id '{agentId}' must be 1-64 letters, digits, dashes or underscores.");
        }

        var n = concurrency ?? AgentOptions.DefaultConcurrency;
        return n is >= 1 and <= AgentOptions.MaxConcurrency
            ? new AgentOptions(zone, agentId, n)
            : throw new ArgumentException($"--concurrency must be between 1 and {AgentOptions.MaxConcurrency}.");
    }

    /// <summary>Targets:Allow, Targets:Deny, Targets:Ports, as <c>serve</c> reads them.</summary>
    private static TargetPolicyOptions Policy(IConfiguration configuration)
    {
        var section = configuration.GetSection(TargetPolicyOptions.SectionName);
        var ports = new List<int>();
        foreach (var p in Values(section.GetSection("Ports")))
        {
            ports.Add(int.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
                ? port
                : throw new ArgumentException($"Targets:Ports '{p}' is not a port."));
        }

        var options = new TargetPolicyOptions { Allow = Values(section.GetSection("Allow")), Deny = Values(section.GetSection("Deny")), Ports = ports };
        return options;
    }

    private static List<string> Values(IConfigurationSection section) =>
        [.. section.GetChildren().Select(c => c.Value).OfType<string>().Where(v => v.Trim().Length > 0).Select(v => v.Trim())];

    /// <summary>The URL without a password, for the log.</summary>
    private static string Redacted(string urls) =>
        string.Join(',', urls.Split(',').Select(u => Uri.TryCreate(u.Trim(), UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0 ? u.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal) : u));
}
