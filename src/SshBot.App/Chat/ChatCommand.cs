using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using SshBot.App.Cli;
using SshBot.App.Incidents;
using SshBot.App.Reports;
using SshBot.Chat.Console;
using SshBot.Chat.Conversation;
using SshBot.Chat.Hosting;
using SshBot.Chat.Protection;
using SshBot.Chat.Running;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Targets;
using SshBot.Incidents;

namespace SshBot.App.Chat;

/// <summary>
/// <c>sshbot chat</c>: the chat conversation in the terminal. No credentials; the console user is
/// the local operator (CLI policy: everything but the always-denied set), still rate-limited.
/// </summary>
internal static class ChatCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var kb = new Option<string?>("--kb") { Description = "The knowledge-base folder. Default: Kb__Directory, else the kb/ folder of this installation." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where the SQLite incident store and the audit log live (default: Storage__DataDirectory, else $XDG_DATA_HOME/sshbot or ~/.local/share/sshbot)." };
        var store = new Option<string?>("--store") { Description = "sqlite or postgres (default: Storage__Provider, else sqlite; the connection string from Storage__ConnectionString or $SSHBOT_INCIDENTS_CONNECTION)." };
        var command = new Command("chat", "Talk to SshBot in the terminal, as you would in Slack: \"can't ssh to web-01\". The bot logs in with the identity in Ssh__* (or appsettings.json), if any.") { kb, dataDir, store };
        command.SetAction(async (parsed, ct) =>
        {
            try
            {
                var settings = CliSettings.Load(
                [
                    CliKeys.Value(CliKeys.Store, parsed.GetValue(store)),
                    CliKeys.Path(CliKeys.DataDirectory, parsed.GetValue(dataDir)),
                    CliKeys.Path(CliKeys.KbDirectory, parsed.GetValue(kb)),
                ]);
                return await RunAsync(Console.In, output, settings.KbDirectory, settings.Store, settings.Ssh(), ct, settings.Targets, settings.AuditPath);
            }
            catch (Exception e) when (e is InvalidDataException or IncidentStoreException or SshBot.Diagnostics.SshSessions.SshConfigurationException)
            {
                await error.WriteLineAsync($"sshbot: {e.Message}");
                return CliHost.ExitInvalidInput;
            }
        });
        return command;
    }

    /// <summary>One console session from <paramref name="input"/> to <paramref name="output"/> on the real engine, with the configured identity (Ssh__*).</summary>
    public static Task<int> RunAsync(TextReader input, TextWriter output, string? kbDirectory, IncidentStoreOptions storeOptions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(storeOptions);
        return RunAsync(input, output, kbDirectory, storeOptions, CliSettings.Load([CliKeys.Path(CliKeys.DataDirectory, storeOptions.ResolveDataDirectory())]).Ssh(), ct);
    }

    /// <summary>
    /// One console session with the given identity (already validated; without one the bot does not
    /// log in), targets (default: only the always-denied set is refused) and audit log (default:
    /// audit.jsonl in the data directory; the command passes Audit:Path, as `serve` reads it).
    /// </summary>
    public static async Task<int> RunAsync(TextReader input, TextWriter output, string? kbDirectory, IncidentStoreOptions storeOptions, SshBot.Diagnostics.SshSessions.SshOptions ssh, CancellationToken ct, TargetPolicyOptions? targets = null, string? auditPath = null)
    {
        ArgumentNullException.ThrowIfNull(storeOptions);
        ArgumentNullException.ThrowIfNull(ssh);
        targets ??= new TargetPolicyOptions();
        // The edits stored from chat (by `serve` on the same store) are served here too.
        var knowledgeBase = (await KnowledgeBaseVerdicts.LoadAsync(kbDirectory, storeOptions, output, ct)).KnowledgeBase;
        await using var incidents = await IncidentStoreFactory.CreateAsync(storeOptions, ct: ct);
        using var audit = new JsonLinesAuditLog(auditPath ?? Path.Combine(storeOptions.ResolveDataDirectory(), "audit.jsonl"));
        var history = ssh.HasIdentity ? new StoredHostKeyHistory(incidents) : null;
        var runner = new EngineDiagnosisRunner(StandardPlan.CreateEngine(new TargetPolicy(targets), new DiagnosisOptions(), ssh: ssh, history: history));
        var services = ConversationFactory.Services(
            incidents,
            new FixedKnowledgeBase(knowledgeBase),
            runner,
            targets,
            new RateLimitOptions { PerUser = 30, Window = TimeSpan.FromMinutes(1) },
            audit);
        var conversation = new ChatConversation(services, new ConversationOptions { Origin = RequestOrigin.Cli, ResumeInterrupted = false, MinProgressInterval = TimeSpan.Zero }, NullLogger<ChatConversation>.Instance);
        var user = new ChatUser("console", Environment.MachineName, Environment.UserName);
        try
        {
            await new ConsoleSession(conversation, user).RunAsync(input, output, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync("Interrupted; bye.");
            return CliHost.ExitInterrupted;
        }

        return CliHost.ExitOk;
    }
}
