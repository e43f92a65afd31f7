using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using SshBot.App.Cli;
using SshBot.App.Incidents;
using SshBot.App.Reports;
using SshBot.Chat.Running;
using SshBot.Incidents;
using SshBot.Incidents.Knowledge;
using SshBot.KnowledgeBase;

namespace SshBot.App.Kb;

/// <summary>`sshbot kb history|revert|export`: the revisions stored from chat, undoing one, and writing the effective articles back to files.</summary>
internal static class KbStoreCommands
{
    public static Command History(TextWriter output, TextWriter error, KbStoreOptions store)
    {
        var id = new Argument<string?>("id") { Description = "Only this article's revisions.", Arity = ArgumentArity.ZeroOrOne };
        var text = new Option<bool>("--text") { Description = "Print each revision's Markdown under its line." };
        var command = new Command("history", "The revisions stored from chat, oldest first: revision, time (UTC), verb, article, who.") { id, text };
        command.SetAction(async (ParseResult r, CancellationToken ct) => await WithRevisionsAsync(r, store, error, create: false, async revisions =>
        {
            var rows = revisions is null ? [] : await revisions.ListRevisionsAsync(r.GetValue(id), ct);
            if (rows.Count == 0)
            {
                await output.WriteLineAsync(r.GetValue(id) is { } one ? $"No revisions of {one} are stored: it is the kb/ folder's file." : "No knowledge-base edits are stored: the kb/ folder is the whole knowledge base.");
            }

            foreach (var row in rows)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"r{row.Revision}  {row.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  {Verb(row),-7}  {row.ArticleId}  {row.Author}"));
                if (r.GetValue(text) && row.Text is not null)
                {
                    await output.WriteLineAsync(row.Text.TrimEnd());
                    await output.WriteLineAsync();
                }
            }

            return CliHost.ExitOk;
        }));
        return command;
    }

    public static Command Revert(TextWriter output, TextWriter error, KbStoreOptions store)
    {
        var id = new Argument<string>("id") { Description = "The article to revert." };
        var revision = new Argument<long>("revision") { Description = "One of its revisions (see 'sshbot kb history ID'), or 0 for the kb/ folder's file." };
        var dir = KbCommands.KbOption();
        var command = new Command("revert", "Store the article as it was at an earlier revision, linted first; every server serves it within seconds.") { id, revision, dir };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (await KbCommands.Resolve(r.GetValue(dir), error) is not { } directory)
            {
                return CliHost.ExitInvalidInput;
            }

            return await WithRevisionsAsync(r, store, error, create: false, async revisions =>
            {
                if (revisions is null)
                {
                    await error.WriteLineAsync("sshbot kb revert: no knowledge-base edits are stored, so there is nothing to revert.");
                    return CliHost.ExitInvalidInput;
                }

                var editor = new StoredKnowledgeBaseEditor(directory, revisions, _ => Task.FromResult(true));
                var argument = string.Create(CultureInfo.InvariantCulture, $"{r.GetValue(id)} {r.GetValue(revision)}");
                var outcome = await editor.EditAsync(KnowledgeVerbs.Revert, argument, $"cli:{Environment.UserName}", ct);
                await (outcome.Accepted ? output : error).WriteLineAsync(outcome.Accepted ? outcome.Message : $"sshbot kb revert: {outcome.Message}");
                return outcome.Accepted ? CliHost.ExitOk : CliHost.ExitInvalidInput;
            });
        });
        return command;
    }

    public static Command Export(TextWriter output, TextWriter error, KbStoreOptions store)
    {
        var target = new Argument<string>("dir") { Description = "Where to write the articles (e.g. the kb/ folder of a git checkout, then review with git diff)." };
        var dir = KbCommands.KbOption();
        var command = new Command("export", "Write the effective articles (folder and stored edits) as ID.md files into DIR, and delete the files of retired ones; refused if it does not lint clean.") { target, dir };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (await KbCommands.Resolve(r.GetValue(dir), error) is not { } directory)
            {
                return CliHost.ExitInvalidInput;
            }

            if (await KbCommands.ReadOverlayAsync(r, store, folderOnly: false, error, ct) is not { } overlay)
            {
                return CliHost.ExitFailure;
            }

            var loaded = KnowledgeBaseLoader.Load(directory, overlay);
            if (loaded.KnowledgeBase is not { } knowledgeBase)
            {
                await error.WriteLineAsync($"sshbot kb export: the knowledge base has {loaded.Problems.Count} problem(s), first {loaded.Problems[0]}; nothing written (run 'sshbot kb lint').");
                return CliHost.ExitFailure;
            }

            var written = await KbExport.WriteAsync(directory, overlay, r.GetValue(target)!, ct);
            await output.WriteLineAsync($"Wrote {written.Written} article(s) to {written.Directory}, deleted {written.Deleted} retired; knowledge base {knowledgeBase.Version}{KbCommands.Stored(overlay)}.");
            return CliHost.ExitOk;
        });
        return command;
    }

    private static string Verb(KnowledgeRevision row) =>
        row is { Verb: KnowledgeVerbs.Revert, Text: null } ? "revert (to the kb/ file)" : row.Verb;

    /// <summary>Opens the store and runs the verb on its revisions; a SQLite store that does not exist is passed as null, not created.</summary>
    private static async Task<int> WithRevisionsAsync(ParseResult r, KbStoreOptions store, TextWriter error, bool create, Func<IKnowledgeRevisions?, Task<int>> verb)
    {
        IncidentStoreOptions options;
        try
        {
            options = store.Resolve(r);
        }
        catch (InvalidDataException e)
        {
            await error.WriteLineAsync($"sshbot kb: {e.Message}");
            return CliHost.ExitInvalidInput;
        }

        if (!create && !StoreSelection.Exists(options))
        {
            return await verb(null);
        }

        try
        {
            await using var opened = await IncidentStoreFactory.CreateAsync(options);
            return await verb(opened as IKnowledgeRevisions);
        }
        catch (Exception e) when (e is IncidentStoreException or DbException)
        {
            await error.WriteLineAsync($"sshbot kb: the incident store could not be used: {e.Message}");
            return CliHost.ExitFailure;
        }
    }
}
