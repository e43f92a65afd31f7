using SshBot.KnowledgeBase.Loading;

namespace SshBot.KnowledgeBase.Linting;

/// <summary>
/// Checks a knowledge-base directory: front matter, conditions against the observation
/// vocabulary, sections, ids, links between articles, and the required ids.
/// </summary>
public static class KnowledgeBaseLinter
{
    /// <summary>Every problem in the directory, ordered by file and line; empty when it is clean.</summary>
    public static IReadOnlyList<LintProblem> Lint(string directory, LintOptions? options = null) =>
        KnowledgeBaseReader.Read(directory, options ?? LintOptions.Default).Problems;
}
