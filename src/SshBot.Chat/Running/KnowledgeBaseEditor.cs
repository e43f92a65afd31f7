using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using SshBot.Incidents;
using SshBot.Incidents.Knowledge;
using SshBot.KnowledgeBase;
using SshBot.KnowledgeBase.Linting;
using SshBot.KnowledgeBase.Overlay;

namespace SshBot.Chat.Running;

/// <summary>
/// Stores edits in the incident store, once for every replica, never in kb/ (which may be
/// read-only). Each edit is linted against the whole effective knowledge base (the folder with
/// every stored edit and this one over it) before it is stored as the next revision in one
/// transaction; if another edit was stored meanwhile, it is linted again on top of that one.
/// </summary>
public sealed partial class StoredKnowledgeBaseEditor(
    string directory, IKnowledgeRevisions revisions, Func<CancellationToken, Task<bool>> reload, LintOptions? options = null) : IKnowledgeBaseEditor
{
    private const int MaxAttempts = 5;

    /// <summary>The chat verb: the admin always gets an answer, also when the store cannot be reached (nothing is stored then).</summary>
    public async Task<string> ApplyAsync(string verb, string argument, string who, CancellationToken ct)
    {
        try
        {
            return (await EditAsync(verb, argument, who, ct)).Message;
        }
        catch (Exception e) when (e is IncidentStoreException or DbException)
        {
            return $"Not saved: the incident store, where knowledge-base edits are kept, could not be used ({e.Message}). Try again; if it keeps failing, an admin can look at the bot's logs.";
        }
    }

    /// <summary>
    /// <c>add</c>/<c>replace</c> take the article's Markdown; <c>retire</c> an id;
    /// <c>revert</c> "ID REV" (REV 0: back to the kb/ folder's file).
    /// </summary>
    public Task<KnowledgeEditOutcome> EditAsync(string verb, string argument, string who, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(argument);
        ArgumentException.ThrowIfNullOrWhiteSpace(who);
        return verb switch
        {
            KnowledgeVerbs.Retire => RetireAsync(argument.Trim(), who, ct),
            KnowledgeVerbs.Add or KnowledgeVerbs.Replace => WriteAsync(verb, Unwrap(argument), who, ct),
            KnowledgeVerbs.Revert => RevertAsync(argument.Trim(), who, ct),
            _ => Task.FromResult(Refused($"Unknown kb edit '{verb}'.")),
        };
    }

    private Task<KnowledgeEditOutcome> RetireAsync(string id, string who, CancellationToken ct)
    {
        if (!SafeId().IsMatch(id))
        {
            return Task.FromResult(Refused($"No article '{id}' to retire."));
        }

        return StoreAsync(id, KnowledgeVerbs.Retire, who, state =>
                state.Ids.Contains(id) ? Change.Retired : Change.Refuse($"No article '{id}' to retire."),
            problems => $"Retiring {id} would leave the knowledge base broken: {problems}",
            revision => $"Retired {id} (revision {revision}); its text is kept: sshbot kb history {id}.",
            ct);
    }

    private Task<KnowledgeEditOutcome> WriteAsync(string verb, string markdown, string who, CancellationToken ct)
    {
        var id = FrontMatterId().Match(markdown) is { Success: true } m ? m.Groups[1].Value.Trim() : null;
        if (id is null)
        {
            return Task.FromResult(Refused("The article needs YAML front matter with an id of lowercase letters, digits and dashes (see kb show healthy for the shape)."));
        }

        // Only an id the loader would load (which also keeps out kb/README.md): never "Added" for an article that is never served.
        if (SshBot.KnowledgeBase.Loading.ArticleIds.WhyNotLoadable(id) is { } why)
        {
            return Task.FromResult(Refused($"Not saved: {why}"));
        }

        if (string.Equals(id, "readme", StringComparison.OrdinalIgnoreCase))
        {
            // The loader skips README.md in kb/, so an article of that id could never be exported back to the folder.
            return Task.FromResult(Refused("'readme' cannot be an article id: kb/README.md is the folder's own notes, not an article."));
        }

        var text = markdown.TrimEnd() + "\n";
        return StoreAsync(id, verb, who, state => (verb, state.Ids.Contains(id)) switch
            {
                (KnowledgeVerbs.Add, true) => Change.Refuse($"{id} exists already: use kb replace."),
                (KnowledgeVerbs.Replace, false) => Change.Refuse($"There is no {id} to replace: use kb add."),
                _ => Change.To(text),
            },
            problems => $"Not saved: {problems}",
            revision => verb == KnowledgeVerbs.Add
                ? $"Added {id} (revision {revision})."
                : $"Replaced {id} (revision {revision}); the previous text is kept: sshbot kb history {id}.",
            ct);
    }

    private Task<KnowledgeEditOutcome> RevertAsync(string argument, string who, CancellationToken ct)
    {
        var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !SafeId().IsMatch(parts[0]) || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var target))
        {
            return Task.FromResult(Refused("Say which article and which of its revisions: kb revert ID REV (REV 0 is the kb/ folder's file)."));
        }

        var id = parts[0];
        return StoreAsync(id, KnowledgeVerbs.Revert, who, state =>
            {
                if (target == 0)
                {
                    return Change.ToFolder;
                }

                var old = state.History.FirstOrDefault(r => r.Revision == target && r.ArticleId == id);
                return old switch
                {
                    null => Change.Refuse($"Revision {target} is not a revision of {id} (see sshbot kb history {id})."),
                    { Verb: KnowledgeVerbs.Retire } => Change.Retired,
                    { Text: null } => Change.ToFolder,
                    _ => Change.To(old.Text),
                };
            },
            problems => $"Reverting {id} to revision {target} would leave the knowledge base broken: {problems}",
            revision => $"Reverted {id} to {(target == 0 ? "the kb/ folder's file" : $"revision {target}")} (revision {revision}).",
            ct);
    }

    /// <summary>Lints the edit on top of the newest stored state and stores it, again from the start if another edit came first.</summary>
    private async Task<KnowledgeEditOutcome> StoreAsync(
        string id, string verb, string who, Func<State, Change> decide, Func<string, string> broken, Func<long, string> accepted, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var history = await revisions.ListRevisionsAsync(null, ct);
            var overlay = StoredKnowledgeEdits.Fold(history);
            var change = decide(new State(KnowledgeBaseLoader.ArticleIds(directory, overlay), history));
            if (change.Refusal is not null)
            {
                return Refused(change.Refusal);
            }

            var next = overlay.Revision + 1;
            var candidate = change.Folder ? overlay.Without(id, next) : overlay.With(id, change.Text, next);
            var lint = KnowledgeBaseLoader.Load(directory, candidate, options);
            if (!lint.Succeeded)
            {
                return Refused(broken(string.Join("; ", lint.Problems.Take(3).Select(p => $"{Path.GetFileName(p.File)}:{p.Line}: {p.Message}"))));
            }

            // A retire stores no text; a revert to the folder stores none either, and says so by its verb.
            var storedVerb = change is { Text: null, Folder: false } ? KnowledgeVerbs.Retire : verb;
            if (await revisions.AppendRevisionAsync(new KnowledgeEdit(id, storedVerb, change.Text, who), overlay.Revision, ct) is { } revision)
            {
                await reload(ct);
                return new KnowledgeEditOutcome(true, accepted(revision), revision);
            }
        }

        return Refused("Not saved: other edits of the knowledge base kept landing first; try again.");
    }

    private static KnowledgeEditOutcome Refused(string message) => new(false, message);

    private sealed record State(IReadOnlySet<string> Ids, IReadOnlyList<KnowledgeRevision> History);

    /// <summary>What an edit does to one article: a text, retired (no text), back to the folder, or refused.</summary>
    private sealed record Change(string? Text, bool Folder, string? Refusal)
    {
        public static Change Retired { get; } = new(null, false, null);

        public static Change ToFolder { get; } = new(null, true, null);

        public static Change To(string text) => new(text, false, null);

        public static Change Refuse(string why) => new(null, false, why);
    }

    // Chat clients wrap pasted text in code fences and Slack escapes &, < and >.
    private static string Unwrap(string text)
    {
        var t = text.Trim();
        if (t.StartsWith("```", StringComparison.Ordinal) && t.EndsWith("```", StringComparison.Ordinal) && t.Length >= 6)
        {
            t = t[3..^3].Trim('\n', '\r');
        }

        return t.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex SafeId();

    [GeneratedRegex(@"(?m)^id:\s*(\S+)\s*$")]
    private static partial Regex FrontMatterId();
}
