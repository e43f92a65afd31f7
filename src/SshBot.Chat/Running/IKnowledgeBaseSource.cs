using SshBot.KnowledgeBase.Reloading;

namespace SshBot.Chat.Running;

/// <summary>The knowledge-base snapshot to use now (reloaded behind the scenes).</summary>
public interface IKnowledgeBaseSource
{
    SshBot.KnowledgeBase.KnowledgeBase Current { get; }
}

public sealed class FixedKnowledgeBase(SshBot.KnowledgeBase.KnowledgeBase knowledgeBase) : IKnowledgeBaseSource
{
    public SshBot.KnowledgeBase.KnowledgeBase Current => knowledgeBase;
}

public sealed class WatchedKnowledgeBase(KnowledgeBaseWatcher watcher) : IKnowledgeBaseSource
{
    public SshBot.KnowledgeBase.KnowledgeBase Current => watcher.Current;
}
