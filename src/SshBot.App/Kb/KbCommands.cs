using System.CommandLine;
using System.Data.Common;
using SshBot.App.Cli;
using SshBot.App.Incidents;
using SshBot.App.Reports;
using SshBot.Incidents;
using SshBot.KnowledgeBase;
using SshBot.KnowledgeBase.Overlay;
using SshBot.KnowledgeBase.Rendering;
using Snapshot = SshBot.KnowledgeBase.KnowledgeBase;

namespace SshBot.App.Kb;

/// <summary>
/// `sshbot kb lint|list|show|history|revert|export`: the effective knowledge base from the terminal,
/// the kb/ folder with the edits stored from chat over it. DIR defaults to the nearest kb/ folder
/// above the current directory, then above the binary; the store is the incident store.
/// </summary>
internal static class KbCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var store = new KbStoreOptions();
        var kb = new Command("kb", "Check, list, read, export and revert the knowledge base: the kb/ folder with the edits stored from chat over it.")
        {
            store.DataDir, store.Store,
        };
        kb.Subcommands.Add(Lint(output, error, store));
        kb.Subcommands.Add(List(output, error, store));
        kb.Subcommands.Add(Show(output, error, store));
        kb.Subcommands.Add(KbStoreCommands.History(output, error, store));
        kb.Subcommands.Add(KbStoreCommands.Revert(output, error, store));
        kb.Subcommands.Add(KbStoreCommands.Export(output, error, store));
        return kb;
    }

    private static Command Lint(TextWriter output, TextWriter error, KbStoreOptions store)
    {
        var dir = new Argument<string?>("dir") { Description = "The knowledge-base folder (default: Kb__Directory, else the nearest kb/).", Arity = ArgumentArity.ZeroOrOne };
        var folderOnly = FolderOnlyOption();
        var command = new Command("lint", "Check every article of the effective knowledge base; one 'file:line: message' per problem (stored edits are named store:rREV/ID.md).") { dir, folderOnly };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (await Resolve(r.GetValue(dir), error) is not { } directory)
            {
                return CliHost.ExitInvalidInput;
            }

            if (await ReadOverlayAsync(r, store, r.GetValue(folderOnly), error, ct) is not { } overlay)
            {
                return CliHost.ExitFailure;
            }

            var result = KnowledgeBaseLoader.Load(directory, overlay);
            foreach (var problem in result.Problems)
            {
                await output.WriteLineAsync(problem.ToString());
            }

            if (result.KnowledgeBase is not { } loaded)
            {
                return CliHost.ExitFailure;
            }

            await output.WriteLineAsync($"{loaded.Articles.Count} articles, no problems (version {loaded.Version}{Stored(overlay)})");
            return CliHost.ExitOk;
        });
        return command;
    }

    private static Command List(TextWriter output, TextWriter error, KbStoreOptions store)
    {
        var dir = KbOption();
        var folderOnly = FolderOnlyOption();
        var command = new Command("list", "List the articles: id, confidence, title; then the version.") { dir, folderOnly };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (await LoadAsync(r, store, r.GetValue(dir), r.GetValue(folderOnly), error, ct) is not { } loaded)
            {
                return CliHost.ExitFailure;
            }

            var width = loaded.Articles.Keys.Select(id => id.Length).DefaultIfEmpty(0).Max();
            foreach (var article in loaded.Articles.Values.OrderBy(a => a.Id, StringComparer.Ordinal))
            {
                var confidence = article.Confidence.ToString().ToLowerInvariant();
                await output.WriteLineAsync($"{article.Id.PadRight(width)}  {confidence,-6}  {article.Title}");
            }

            await output.WriteLineAsync($"knowledge base {loaded.Version}");
            return CliHost.ExitOk;
        });
        return command;
    }

    private static Command Show(TextWriter output, TextWriter error, KbStoreOptions store)
    {
        var id = new Argument<string>("id") { Description = "The article id, e.g. sshd-not-listening." };
        var dir = KbOption();
        var folderOnly = FolderOnlyOption();
        var command = new Command("show", "Show one article as terminal text.") { id, dir, folderOnly };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (await LoadAsync(r, store, r.GetValue(dir), r.GetValue(folderOnly), error, ct) is not { } loaded)
            {
                return CliHost.ExitFailure;
            }

            var wanted = r.GetValue(id) ?? "";
            if (!loaded.Articles.TryGetValue(wanted, out var article))
            {
                await error.WriteLineAsync($"sshbot: no article '{wanted}' in {loaded.Directory} or the stored edits (see 'sshbot kb list')");
                return CliHost.ExitInvalidInput;
            }

            await output.WriteAsync(new TerminalRenderer().Render(article));
            return CliHost.ExitOk;
        });
        return command;
    }

    internal static Option<string?> KbOption() => new("--kb") { Description = "The knowledge-base folder (default: Kb__Directory, else the nearest kb/)." };

    private static Option<bool> FolderOnlyOption() => new("--folder-only") { Description = "The kb/ folder alone, without the edits stored from chat." };

    internal static string Stored(KnowledgeOverlay overlay) =>
        overlay.Articles.Count == 0 ? "" : $"; {overlay.Articles.Count} article(s) edited from chat over the folder";

    internal static async Task<string?> Resolve(string? given, TextWriter error)
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

    /// <summary>The stored edits (none with --folder-only, or when no store exists); null after one line on stderr when the store cannot be read.</summary>
    internal static async Task<KnowledgeOverlay?> ReadOverlayAsync(ParseResult r, KbStoreOptions store, bool folderOnly, TextWriter error, CancellationToken ct)
    {
        if (folderOnly)
        {
            return KnowledgeOverlay.Empty;
        }

        try
        {
            return await StoredEdits.ReadAsync(store.Resolve(r), ct);
        }
        catch (Exception e) when (e is InvalidDataException or IncidentStoreException or DbException)
        {
            await error.WriteLineAsync($"sshbot kb: the edits stored from chat could not be read: {e.Message} (--folder-only reads kb/ alone)");
            return null;
        }
    }

    /// <summary>The same loading as diagnose, explain and chat: one message for a missing or broken base.</summary>
    private static async Task<Snapshot?> LoadAsync(ParseResult r, KbStoreOptions store, string? given, bool folderOnly, TextWriter error, CancellationToken ct)
    {
        if (await ReadOverlayAsync(r, store, folderOnly, error, ct) is not { } overlay)
        {
            return null;
        }

        try
        {
            return KnowledgeBaseVerdicts.Load(given, overlay, error).KnowledgeBase;
        }
        catch (InvalidDataException e)
        {
            await error.WriteLineAsync($"sshbot: {e.Message}");
            return null;
        }
    }
}

/// <summary>Where the edits stored from chat are: the incident store's own options, for every kb verb.</summary>
internal sealed class KbStoreOptions
{
    public Option<string?> DataDir { get; } = new("--data-dir") { Description = "Where the SQLite store lives (default: Storage__DataDirectory, else $XDG_DATA_HOME/sshbot or ~/.local/share/sshbot).", Recursive = true };

    public Option<string?> Store { get; } = new("--store") { Description = "sqlite or postgres (default: Storage__Provider, else sqlite; the connection string from Storage__ConnectionString or $SSHBOT_INCIDENTS_CONNECTION).", Recursive = true };

    /// <exception cref="InvalidDataException">The provider is unknown, or PostgreSQL has no connection string.</exception>
    public IncidentStoreOptions Resolve(ParseResult r) => StoreSelection.Resolve(r.GetValue(Store), r.GetValue(DataDir));
}
