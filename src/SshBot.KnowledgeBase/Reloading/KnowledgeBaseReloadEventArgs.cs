using SshBot.KnowledgeBase.Linting;

namespace SshBot.KnowledgeBase.Reloading;

/// <summary>A new snapshot was swapped in.</summary>
public sealed class KnowledgeBaseReloadedEventArgs(KnowledgeBase knowledgeBase) : EventArgs
{
    public KnowledgeBase KnowledgeBase { get; } = knowledgeBase;
}

/// <summary>The directory changed but does not lint clean; the previous snapshot stays.</summary>
public sealed class KnowledgeBaseReloadFailedEventArgs(IReadOnlyList<LintProblem> problems) : EventArgs
{
    public IReadOnlyList<LintProblem> Problems { get; } = problems;
}
