using SshBot.Chat.Conversation;
using SshBot.Chat.Protection;
using SshBot.Chat.Running;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Targets;
using SshBot.Incidents;

namespace SshBot.Chat.Hosting;

/// <summary>Puts the conversation's parts together the same way for the console, the server and tests.</summary>
public static class ConversationFactory
{
    public static ConversationServices Services(
        IIncidentStore store,
        IKnowledgeBaseSource knowledgeBase,
        IDiagnosisRunner runner,
        TargetPolicyOptions targets,
        RateLimitOptions rateLimit,
        IAuditLog audit,
        IDnsResolver? resolver = null,
        IPastedLogAnalyzer? pastedLogs = null,
        TimeProvider? time = null,
        int maxConcurrentDiagnoses = 16)
    {
        var policy = new TargetPolicy(targets);
        return new ConversationServices(
            store,
            knowledgeBase,
            new DiagnosisCoordinator(runner, maxConcurrentDiagnoses),
            new TargetGate(policy, targets, resolver ?? new SystemDnsResolver()),
            new ChatRateLimiter(rateLimit),
            audit,
            pastedLogs ?? new ClientLogAnalyzer(),
            time ?? TimeProvider.System);
    }
}
