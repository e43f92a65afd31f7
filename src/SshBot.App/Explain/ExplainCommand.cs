using System.CommandLine;
using System.Diagnostics;
using SshBot.App.Cli;
using SshBot.App.Reports;
using SshBot.KnowledgeBase.Explaining;

namespace SshBot.App.Explain;

/// <summary>
/// <c>sshbot explain [FILE] [--json] [--kb DIR]</c>: says what a pasted SSH error means, from the
/// text alone. Opens no socket and starts no process.
/// </summary>
internal static class ExplainCommand
{
    public const string NothingFound = "no SSH error found in the input";

    public static Command Create(TextWriter output, TextWriter error, TextReader? input = null)
    {
        var file = new Argument<string?>("file")
        {
            Description = "A file holding the output of `ssh -v`, a PuTTY/plink message or event log, or an scp/sftp/git error. '-' or nothing: read stdin. Only the first 1 MiB is read.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var json = new Option<bool>("--json") { Description = "Print the machine-readable report (DESIGN §8 shape; target is the host the text names, stages are empty)." };
        var kb = new Option<string?>("--kb") { Description = "The knowledge-base folder. Default: Kb__Directory, else the kb/ folder of this installation." };
        var command = new Command(
            "explain",
            "Explain an SSH error from its text alone: the likely causes with the lines that show them, what the text cannot tell, and the command to check from the bot. "
            + "Exit status: 0 when an SSH error, or a login that worked, was found and explained; 2 when the input holds neither (one line on stderr) or cannot be read; 1 for an unexpected failure.")
        {
            file, json, kb,
        };
        command.SetAction(async (parsed, ct) =>
        {
            var watch = Stopwatch.StartNew();
            string text;
            SshBot.KnowledgeBase.KnowledgeBase knowledgeBase;
            try
            {
                knowledgeBase = KnowledgeBaseVerdicts.Load(parsed.GetValue(kb)).KnowledgeBase;
                var path = parsed.GetValue(file);
                text = path is null or "-"
                    ? await PastedText.ReadAsync(input ?? Console.In, ct)
                    : await PastedText.ReadFileAsync(path, ct);
            }
            catch (InvalidDataException e)
            {
                await error.WriteLineAsync($"sshbot: {e.Message}");
                return CliHost.ExitInvalidInput;
            }

            var explanation = ClientLogExplainer.Explain(knowledgeBase, text);
            if (!explanation.Explained && !explanation.FoundError)
            {
                var hint = explanation.SuggestedCommand is { } next ? $" (it names a host: try '{next}')" : "";
                await error.WriteLineAsync($"sshbot: {NothingFound}{hint}");
                return CliHost.ExitInvalidInput;
            }

            if (parsed.GetValue(json))
            {
                await output.WriteLineAsync(ExplainReport.From(explanation, watch.ElapsedMilliseconds).ToJson());
            }
            else
            {
                await new ExplanationWriter(output).WriteAsync(explanation);
            }

            return CliHost.ExitOk;
        });
        return command;
    }
}
