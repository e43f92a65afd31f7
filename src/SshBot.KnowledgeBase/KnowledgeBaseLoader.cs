using SshBot.KnowledgeBase.Linting;
using SshBot.KnowledgeBase.Loading;

namespace SshBot.KnowledgeBase;

/// <summary>The outcome of loading: a snapshot, or every problem that stopped it (never half-loaded).</summary>
public sealed record LoadResult(KnowledgeBase? KnowledgeBase, IReadOnlyList<LintProblem> Problems)
{
    public bool Succeeded => KnowledgeBase is not null;
}

/// <summary>Loads a knowledge-base directory into an immutable snapshot.</summary>
public static class KnowledgeBaseLoader
{
    /// <summary>Lints and loads the directory; fails with every problem if any article is not clean.</summary>
    public static LoadResult Load(string directory, LintOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var result = KnowledgeBaseReader.Read(directory, options ?? LintOptions.Default);
        return result.Problems.Count > 0
            ? new LoadResult(null, result.Problems)
            : new LoadResult(new KnowledgeBase(Path.GetFullPath(directory), result.Articles), []);
    }
}
