using SshBot.KnowledgeBase.Linting;
using SshBot.KnowledgeBase.Reloading;

namespace SshBot.Chat.Running;

/// <summary>The knowledge-base snapshot to use now (reloaded behind the scenes).</summary>
public interface IKnowledgeBaseSource
{
    SshBot.KnowledgeBase.KnowledgeBase Current { get; }

    /// <summary>Why a newer folder or stored state is not served (empty when the newest is): the last good one keeps serving.</summary>
    IReadOnlyList<LintProblem> Problems => [];
}

public sealed class FixedKnowledgeBase(SshBot.KnowledgeBase.KnowledgeBase knowledgeBase) : IKnowledgeBaseSource
{
    public SshBot.KnowledgeBase.KnowledgeBase Current => knowledgeBase;
}

public sealed class WatchedKnowledgeBase(KnowledgeBaseWatcher watcher) : IKnowledgeBaseSource
{
    public SshBot.KnowledgeBase.KnowledgeBase Current => watcher.Current;

    public IReadOnlyList<LintProblem> Problems => watcher.Problems;
}
