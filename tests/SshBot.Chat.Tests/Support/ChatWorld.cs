using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using SshBot.Chat.Conversation;
using SshBot.Chat.Hosting;
using SshBot.Chat.Protection;
using SshBot.Chat.Running;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Targets;
using SshBot.Incidents;
using SshBot.KnowledgeBase;

namespace SshBot.Chat.Tests.Support;

/// <summary>A conversation on a real SQLite store in a temp directory and the repository's kb/, with a scripted diagnosis.</summary>
public sealed class ChatWorld : IAsyncDisposable
{
    private ChatWorld(string directory, IIncidentStore store, ConversationServices services, ChatConversation conversation, ScriptedRunner runner)
    {
        Directory = directory;
        Store = store;
        Services = services;
        Conversation = conversation;
        Runner = runner;
    }

    public string Directory { get; }

    public IIncidentStore Store { get; }

    public ConversationServices Services { get; }

    public ChatConversation Conversation { get; }

    public ScriptedRunner Runner { get; }

    public CollectingChannel Channel { get; } = new();

    public string AuditFile => Path.Combine(Directory, "audit.jsonl");

    public static ChatUser Alice { get; } = new("slack", "T1", "U_ALICE");

    public static async Task<ChatWorld> CreateAsync(ScriptedRunner? runner = null, int perUser = 10, IAuditLog? audit = null, string[]? admins = null, IDiagnosisRunner? otherRunner = null, int maxConcurrentDiagnoses = 16, HistoryScope historyScope = HistoryScope.Team)
    {
        var dir = Path.Combine(Path.GetTempPath(), "sshbot-chat-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        var store = await IncidentStoreFactory.CreateAsync(new IncidentStoreOptions { DataDirectory = dir });
        runner ??= ScriptedRunner.Refused();
        var dns = FakeDns.Create();
        var services = ConversationFactory.Services(
            store,
            new FixedKnowledgeBase(RealKb.Load()),
            otherRunner ?? runner,
            new TargetPolicyOptions { Allow = ["10.0.0.0/8"] },
            new RateLimitOptions { PerUser = perUser },
            audit ?? new JsonLinesAuditLog(Path.Combine(dir, "audit.jsonl")),
            dns,
            maxConcurrentDiagnoses: maxConcurrentDiagnoses);
        var conversation = new ChatConversation(services, new ConversationOptions { Admins = admins ?? [], HistoryScope = historyScope }, NullLogger<ChatConversation>.Instance);
        return new ChatWorld(dir, store, services, conversation, runner);
    }

    public Task SayAsync(string text, string eventId = "Ev1", ChatUser? user = null) =>
        Conversation.HandleAsync(new InboundMessage(user ?? Alice, new ChatThread("C1", "1700000000.000100"), text, eventId), Channel, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public static class RealKb
{
    private static readonly Lazy<SshBot.KnowledgeBase.KnowledgeBase> Kb = new(() =>
    {
        var dir = KnowledgeBaseLocator.FindFrom(AppContext.BaseDirectory) ?? throw new InvalidOperationException("no kb/ above the test binaries");
        return KnowledgeBaseLoader.Load(dir).KnowledgeBase ?? throw new InvalidOperationException("kb/ does not lint clean");
    });

    public static SshBot.KnowledgeBase.KnowledgeBase Load() => Kb.Value;
}
