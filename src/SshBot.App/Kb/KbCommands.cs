using System.CommandLine;
using SshBot.App.Cli;
using SshBot.App.Reports;
using SshBot.KnowledgeBase;
using SshBot.KnowledgeBase.Rendering;
using Snapshot = SshBot.KnowledgeBase.KnowledgeBase;

namespace SshBot.App.Kb;

/// <summary>
/// `sshbot kb lint|list|show`: check, list and read the knowledge base from the terminal.
/// DIR defaults to the nearest kb/ folder above the current directory, then above the binary.
/// </summary>
internal static class KbCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var kb = new Command("kb", "Check, list and read the knowledge base.");
        kb.Subcommands.Add(Lint(output, error));
        kb.Subcommands.Add(List(output, error));
        kb.Subcommands.Add(Show(output, error));
        return kb;
    }

    private static Command Lint(TextWriter output, TextWriter error)
    {
        var dir = new Argument<string?>("dir") { Description = "The knowledge-base folder (default: the nearest kb/).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("lint", "Check every article; one 'file:line: message' per problem.") { dir };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (await Resolve(r.GetValue(dir), error) is not { } directory)
            {
                return CliHost.ExitInvalidInput;
            }

            var result = KnowledgeBaseLoader.Load(directory);
            foreach (var problem in result.Problems)
            {
                await output.WriteLineAsync(problem.ToString());
            }

            if (result.KnowledgeBase is not { } loaded)
            {
                return CliHost.ExitFailure;
            }

            await output.WriteLineAsync($"{loaded.Articles.Count} articles, no problems");
            return CliHost.ExitOk;
        });
        return command;
    }

    private static Command List(TextWriter output, TextWriter error)
    {
        var dir = KbOption();
        var command = new Command("list", "List the articles: id, confidence, title.") { dir };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (await LoadAsync(r.GetValue(dir), error) is not { } loaded)
            {
                return CliHost.ExitFailure;
            }

            var width = loaded.Articles.Keys.Select(id => id.Length).DefaultIfEmpty(0).Max();
            foreach (var article in loaded.Articles.Values.OrderBy(a => a.Id, StringComparer.Ordinal))
            {
                var confidence = article.Confidence.ToString().ToLowerInvariant();
                await output.WriteLineAsync($"{article.Id.PadRight(width)}  {confidence,-6}  {article.Title}");
            }

            return CliHost.ExitOk;
        });
        return command;
    }

    private static Command Show(TextWriter output, TextWriter error)
    {
        var id = new Argument<string>("id") { Description = "The article id, e.g. sshd-not-listening." };
        var dir = KbOption();
        var command = new Command("show", "Show one article as terminal text.") { id, dir };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (await LoadAsync(r.GetValue(dir), error) is not { } loaded)
            {
                return CliHost.ExitFailure;
            }

            var wanted = r.GetValue(id) ?? "";
            if (!loaded.Articles.TryGetValue(wanted, out var article))
            {
                await error.WriteLineAsync($"sshbot: no article '{wanted}' in {loaded.Directory} (see 'sshbot kb list')");
                return CliHost.ExitInvalidInput;
            }

            await output.WriteAsync(new TerminalRenderer().Render(article));
            return CliHost.ExitOk;
        });
        return command;
    }

    private static Option<string?> KbOption() => new("--kb") { Description = "The knowledge-base folder (default: the nearest kb/)." };

    private static async Task<string?> Resolve(string? given, TextWriter error)
    {
        try
        {
            return KnowledgeBaseVerdicts.Locate(given);
        }
        catch (InvalidDataException e)
        {
            await error.WriteLineAsync($"sshbot: {e.Message}");
            return null;
        }
    }

    /// <summary>The same loading as diagnose, explain and chat: one message for a missing or broken base.</summary>
    private static async Task<Snapshot?> LoadAsync(string? given, TextWriter error)
    {
        try
        {
            return KnowledgeBaseVerdicts.Load(given).KnowledgeBase;
        }
        catch (InvalidDataException e)
        {
            await error.WriteLineAsync($"sshbot: {e.Message}");
            return null;
        }
    }
}
