using SshBot.KnowledgeBase.Linting;
using SshBot.KnowledgeBase.Loading;
using SshBot.KnowledgeBase.Overlay;

namespace SshBot.KnowledgeBase;

/// <summary>The outcome of loading: a snapshot, or every problem that stopped it (never half-loaded).</summary>
public sealed record LoadResult(KnowledgeBase? KnowledgeBase, IReadOnlyList<LintProblem> Problems)
{
    public bool Succeeded => KnowledgeBase is not null;
}

/// <summary>Loads a knowledge-base directory, with the edits stored from chat laid over it, into an immutable snapshot.</summary>
public static class KnowledgeBaseLoader
{
    /// <summary>Lints and loads the directory; fails with every problem if any article is not clean.</summary>
    public static LoadResult Load(string directory, LintOptions? options = null) =>
        Load(directory, KnowledgeOverlay.Empty, options);

    /// <summary>Lints and loads the effective knowledge base: the folder with <paramref name="overlay"/> over it.</summary>
    public static LoadResult Load(string directory, KnowledgeOverlay overlay, LintOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(overlay);
        var result = KnowledgeBaseReader.Read(directory, overlay, options ?? LintOptions.Default);
        return result.Problems.Count > 0
            ? new LoadResult(null, result.Problems)
            : new LoadResult(new KnowledgeBase(Path.GetFullPath(directory), result.Articles, result.Version), []);
    }

    /// <summary>The ids the effective knowledge base has, whether or not it lints clean (files named for their id, plus stored, minus retired).</summary>
    public static IReadOnlySet<string> ArticleIds(string directory, KnowledgeOverlay overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        var ids = Directory.Exists(directory)
            ? KnowledgeBaseReader.ArticleFiles(directory).Select(Path.GetFileNameWithoutExtension).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
        foreach (var stored in overlay.Articles.Values)
        {
            if (stored.Retired)
            {
                ids.Remove(stored.Id);
            }
            else
            {
                ids.Add(stored.Id);
            }
        }

        return ids;
    }
}
