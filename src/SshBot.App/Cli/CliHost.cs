using System.CommandLine;
using SshBot.App.Diagnose;
using SshBot.App.Explain;
using SshBot.App.Incidents;
using SshBot.App.Kb;
using SshBot.App.Reports;

namespace SshBot.App.Cli;

/// <summary>
/// Builds the `sshbot` command tree and runs it. Parse errors become one line on stderr and
/// exit status 2, as DESIGN §8 asks, instead of System.CommandLine's help dump.
/// </summary>
internal static class CliHost
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitInvalidInput = 2;

    public static RootCommand BuildRoot(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("SshBot: diagnoses why SSH to a host fails, with the evidence and the fix.")
        {
            DiagnoseCommand.Create(output, error, KnowledgeBaseVerdicts.Load),
            KbCommands.Create(output, error),
            IncidentsCommands.Create(output, error),
            ExplainCommand.Create(output, error, Console.In),
            SshBot.App.Chat.ChatCommand.Create(output, error),
            SshBot.App.Serve.ServeCommand.Create(error),
            SshBot.App.Hosts.HostsCommands.Create(output, error, Console.In),
            SshBot.App.Agent.AgentCommand.Create(error),
        };
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = BuildRoot(output, error);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await error.WriteLineAsync($"sshbot: {parsed.Errors[0].Message} (see 'sshbot --help')");
            return ExitInvalidInput;
        }

        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cts.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
