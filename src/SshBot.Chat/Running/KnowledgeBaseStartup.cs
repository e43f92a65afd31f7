using Microsoft.Extensions.Logging;
using SshBot.Incidents;
using SshBot.Incidents.Knowledge;
using SshBot.KnowledgeBase;
using SshBot.KnowledgeBase.Linting;
using SshBot.KnowledgeBase.Reloading;

namespace SshBot.Chat.Running;

/// <summary>
/// The knowledge base a server serves: kb/ with the edits stored from chat over it, reloaded when
/// either changes, every reload and every refused state logged.
/// </summary>
public static partial class KnowledgeBaseStartup
{
    /// <exception cref="InvalidOperationException">The kb/ folder itself does not lint clean.</exception>
    public static KnowledgeBaseWatcher Watch(string directory, IIncidentStore store, ILogger logger, TimeSpan? poll = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var edits = store is IKnowledgeRevisions revisions ? new StoredKnowledgeEdits(revisions) : null;
        // A DI factory is synchronous; this runs once, at start-up, and the store answers in milliseconds.
        var loaded = KnowledgeBaseWatcher.LoadAsync(directory, edits, null, CancellationToken.None).GetAwaiter().GetResult();
        var storedEditsRefused = loaded.KnowledgeBase is null && edits is not null;
        if (storedEditsRefused)
        {
            // The stored edits do not fit this folder (an older checkout, a file changed in git):
            // serve the folder alone; the watcher says why and keeps trying the stored state.
            loaded = KnowledgeBaseLoader.Load(directory);
        }

        var knowledgeBase = loaded.KnowledgeBase
            ?? throw new InvalidOperationException($"The knowledge base in {directory} has problems, first: {First(loaded.Problems)}");
        var watcher = new KnowledgeBaseWatcher(directory, knowledgeBase, edits: edits, poll: poll);
        watcher.Reloaded += (_, e) => LogReloaded(logger, e.KnowledgeBase.Version.ToString(), e.KnowledgeBase.Articles.Count);
        watcher.ReloadFailed += (_, e) => LogRefused(logger, e.Problems.Count, First(e.Problems));
        LogServing(logger, knowledgeBase.Version.ToString(), knowledgeBase.Articles.Count, directory);
        if (storedEditsRefused)
        {
            // Tried again through the watcher, so the problems are logged and kept for /health from the start.
            watcher.Reload();
        }

        return watcher;
    }

    private static string First(IReadOnlyList<LintProblem> problems) => problems.Count > 0 ? problems[0].ToString() : "(none)";

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving knowledge base {Version}: {Articles} articles from {Directory} and the stored edits")]
    private static partial void LogServing(ILogger logger, string version, int articles, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Knowledge base {Version} loaded: {Articles} articles")]
    private static partial void LogReloaded(ILogger logger, string version, int articles);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The newest knowledge base was not loaded ({Count} problem(s), first: {First}); the last good version keeps serving")]
    private static partial void LogRefused(ILogger logger, int count, string first);
}
