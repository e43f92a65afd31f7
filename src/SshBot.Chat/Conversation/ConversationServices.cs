using SshBot.Chat.Protection;
using SshBot.Chat.Running;
using SshBot.Incidents;

namespace SshBot.Chat.Conversation;

/// <summary>What a conversation works with; each part is a seam a test may substitute.</summary>
public sealed record ConversationServices(
    IIncidentStore Store,
    IKnowledgeBaseSource KnowledgeBase,
    DiagnosisCoordinator Coordinator,
    TargetGate Gate,
    ChatRateLimiter RateLimiter,
    IAuditLog Audit,
    IPastedLogAnalyzer PastedLogs,
    TimeProvider Time)
{
    /// <summary>Admin edits of the knowledge base; null where the knowledge base is read-only.</summary>
    public IKnowledgeBaseEditor? Editor { get; init; }
}
