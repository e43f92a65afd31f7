using Microsoft.Extensions.Logging.Abstractions;
using SshBot.Chat.Conversation;
using SshBot.Chat.Running;
using SshBot.Chat.Tests.Support;
using SshBot.KnowledgeBase;

namespace SshBot.Chat.Tests.Conversation;

public sealed class KnowledgeBaseEditTests : IDisposable
{
    private readonly string _kb = Path.Combine(Path.GetTempPath(), "sshbot-kb-" + Guid.NewGuid().ToString("N"));

    public KnowledgeBaseEditTests()
    {
        Directory.CreateDirectory(_kb);
        foreach (var file in Directory.EnumerateFiles(RealKb.Load().Directory, "*.md"))
        {
            File.Copy(file, Path.Combine(_kb, Path.GetFileName(file)));
        }
    }

    private static readonly ChatUser Admin = new("slack", "T1", "U_ADMIN");

    [Fact]
    public async Task AnAdminReplacesAnArticleAndThePreviousTextIsKept()
    {
        await using var world = await ChatWorld.CreateAsync(admins: ["U_ADMIN"]);
        var conversation = Editing(world);
        var before = await File.ReadAllTextAsync(Path.Combine(_kb, "healthy.md"), TestContext.Current.CancellationToken);
        var edited = before.Replace("Nothing needs to change on the server.", "Nothing needs to change on the server. Edited from chat.", StringComparison.Ordinal);

        await conversation.HandleAsync(new InboundMessage(Admin, new("C1", null), "<@U0BOT> kb replace\n```\n" + edited + "\n```", "E1"), world.Channel, CancellationToken.None);

        Assert.Contains("Replaced healthy", world.Channel.Sent.Single().Card.Summary, StringComparison.Ordinal);
        Assert.Contains("Edited from chat.", await File.ReadAllTextAsync(Path.Combine(_kb, "healthy.md"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(_kb, ".revisions")));
        Assert.True(KnowledgeBaseLoader.Load(_kb).Succeeded);
    }

    [Fact]
    public async Task RetiringARequiredArticleIsRefusedBecauseTheLintFails()
    {
        await using var world = await ChatWorld.CreateAsync(admins: ["U_ADMIN"]);

        await Editing(world).HandleAsync(new InboundMessage(Admin, new("C1", null), "kb retire healthy", "E1"), world.Channel, CancellationToken.None);

        Assert.Contains("would leave the knowledge base broken", world.Channel.Sent.Single().Card.Summary, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_kb, "healthy.md")));
    }

    [Fact]
    public async Task ABrokenArticleIsNotSaved()
    {
        await using var world = await ChatWorld.CreateAsync(admins: ["U_ADMIN"]);

        await Editing(world).HandleAsync(new InboundMessage(Admin, new("C1", null), "kb add\n---\nid: new-cause\ntitle: x\nwhen:\n  - no.such.key == 1\n---\n## Symptoms\n", "E1"), world.Channel, CancellationToken.None);

        Assert.StartsWith("Not saved:", world.Channel.Sent.Single().Card.Summary, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_kb, "new-cause.md")));
    }

    private ChatConversation Editing(ChatWorld world) =>
        new(world.Services with { Editor = new FileKnowledgeBaseEditor(_kb, () => true, TimeProvider.System) }, new ConversationOptions { Admins = ["U_ADMIN"] }, NullLogger<ChatConversation>.Instance);

    public void Dispose() => Directory.Delete(_kb, recursive: true);
}
