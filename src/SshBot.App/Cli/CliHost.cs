using System.CommandLine;
using System.Runtime.InteropServices;
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

    /// <summary>What a command returns when a signal cancelled it; the process exits with <see cref="ExitSigint"/> or <see cref="ExitSigterm"/>.</summary>
    public const int ExitInterrupted = -1;

    public const int ExitSigint = 130;
    public const int ExitSigterm = 143;

    public static RootCommand BuildRoot(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("SshBot: diagnoses why SSH to a host fails, with the evidence and the fix.")
        {
            DiagnoseCommand.Create(output, error, async (kb, store, err, ct) => await KnowledgeBaseVerdicts.LoadAsync(kb, store, err, ct)),
            KbCommands.Create(output, error),
            IncidentsCommands.Create(output, error),
            ExplainCommand.Create(output, error, Console.In),
            SshBot.App.Chat.ChatCommand.Create(output, error),
            SshBot.App.Serve.ServeCommand.Create(error),
            SshBot.App.Hosts.HostsCommands.Create(output, error, Console.In),
            SshBot.App.Agent.AgentCommand.Create(error),
            SshBot.App.Health.HealthCommand.Create(output, error),
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

        // Ctrl-C (SIGINT) and SIGTERM cancel the command's token and nothing else: each command
        // finishes what it must (the lines of targets already diagnosed, the incident record)
        // and says it was interrupted; the process then exits 128 + the signal's number.
        using var cts = new CancellationTokenSource();
        var signal = 0;
        void OnSignal(PosixSignalContext context, int code)
        {
            context.Cancel = true;
            Interlocked.CompareExchange(ref signal, code, 0);
            cts.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => OnSignal(c, ExitSigint));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => OnSignal(c, ExitSigterm));
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
        int code;
        try
        {
            code = await parsed.InvokeAsync(configuration, cts.Token);
        }
        catch (Exception e) when (!(e is OperationCanceledException && cts.IsCancellationRequested))
        {
            // What no command expected is still one sentence; the stack trace is for debugging (CliErrors).
            return await CliErrors.ReportAsync(e, error);
        }

        return code == ExitInterrupted ? (signal == 0 ? ExitSigint : signal) : code;
    }
}
