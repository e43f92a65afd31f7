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
        var kb = new Option<string?>("--kb") { Description = "The knowledge-base folder. Default: the kb/ folder of this installation." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where the SQLite incident store and the audit log live (default: $SSHBOT_DATA_DIR or ~/.local/share/sshbot)." };
        var store = new Option<string?>("--store") { Description = "sqlite (default) or postgres (connection string from $SSHBOT_INCIDENTS_CONNECTION)." };
        var command = new Command("chat", "Talk to SshBot in the terminal, as you would in Slack: \"can't ssh to web-01\". The bot logs in with the identity in Ssh__* (or appsettings.json), if any.") { kb, dataDir, store };
        command.SetAction(async (parsed, ct) =>
        {
            try
            {
                return await RunAsync(Console.In, output, parsed.GetValue(kb), StoreSelection.Resolve(parsed.GetValue(store), parsed.GetValue(dataDir)), ct);
            }
            catch (Exception e) when (e is InvalidDataException or IncidentStoreException or SshBot.Diagnostics.OpenSsh.OpenSshConfigurationException)
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
        return RunAsync(input, output, kbDirectory, storeOptions, SshSettings.Resolve(SshSettings.CliConfiguration(), storeOptions.ResolveDataDirectory()), ct);
    }

    /// <summary>One console session with the given identity (already validated; without one the bot does not log in).</summary>
    public static async Task<int> RunAsync(TextReader input, TextWriter output, string? kbDirectory, IncidentStoreOptions storeOptions, SshBot.Diagnostics.OpenSsh.OpenSshOptions ssh, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(storeOptions);
        ArgumentNullException.ThrowIfNull(ssh);
        var knowledgeBase = KnowledgeBaseVerdicts.Load(kbDirectory).KnowledgeBase;
        await using var incidents = await IncidentStoreFactory.CreateAsync(storeOptions, ct: ct);
        using var audit = new JsonLinesAuditLog(Path.Combine(storeOptions.ResolveDataDirectory(), "audit.jsonl"));
        var history = ssh.HasIdentity ? new StoredHostKeyHistory(incidents) : null;
        var runner = new EngineDiagnosisRunner(StandardPlan.CreateEngine(TargetPolicy.Default, new DiagnosisOptions(), ssh: ssh, history: history));
        var services = ConversationFactory.Services(
            incidents,
            new FixedKnowledgeBase(knowledgeBase),
            runner,
            new TargetPolicyOptions(),
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
