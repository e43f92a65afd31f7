using Microsoft.Extensions.Logging.Abstractions;
using SshBot.Chat.Conversation;
using SshBot.Chat.Running;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents.Knowledge;
using SshBot.KnowledgeBase;

namespace SshBot.Chat.Tests.Conversation;

/// <summary>kb add|replace|retire from chat: stored in the incident store (real SQLite), linted against the whole effective knowledge base first.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KnowledgeBaseEditTests : IDisposable
{
    private static readonly ChatUser Admin = new("slack", "T1", "U_ADMIN");
    private readonly KbFolderCopy _kb = new();

    public void Dispose() => _kb.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAdminReplacesAnArticleAndThePreviousTextIsKept()
    {
        await using var world = await ChatWorld.CreateAsync(admins: ["U_ADMIN"]);
        var edited = Healthy("Edited from chat.");

        await Editing(world).HandleAsync(new InboundMessage(Admin, new("C1", null), "<@U0BOT> kb replace\n```\n" + edited + "\n```", "E1"), world.Channel, CancellationToken.None);

        Assert.Contains("Replaced healthy (revision 1)", world.Channel.Sent.Single().Card.Summary, StringComparison.Ordinal);
        var revision = Assert.Single(await Revisions(world).ListRevisionsAsync("healthy", Ct));
        Assert.Equal((1L, "replace", Admin.Key), (revision.Revision, revision.Verb, revision.Author));
        var effective = await EffectiveAsync(world);
        Assert.Contains("Edited from chat.", Fix(effective, "healthy"), StringComparison.Ordinal);
        Assert.Equal("r1", effective.Version.ToString()[..2]);
        // The folder's text is the previous one, still there.
        Assert.DoesNotContain("Edited from chat.", await File.ReadAllTextAsync(Path.Combine(_kb.Path, "healthy.md"), Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetiringARequiredArticleIsRefusedBecauseTheLintFails()
    {
        await using var world = await ChatWorld.CreateAsync(admins: ["U_ADMIN"]);

        await Editing(world).HandleAsync(new InboundMessage(Admin, new("C1", null), "kb retire healthy", "E1"), world.Channel, CancellationToken.None);

        Assert.Contains("would leave the knowledge base broken", world.Channel.Sent.Single().Card.Summary, StringComparison.Ordinal);
        Assert.Equal(0, await Revisions(world).LatestRevisionAsync(Ct));
    }

    [Fact]
    public async Task ABrokenArticleIsNotSaved()
    {
        await using var world = await ChatWorld.CreateAsync(admins: ["U_ADMIN"]);

        await Editing(world).HandleAsync(new InboundMessage(Admin, new("C1", null), "kb add\n---\nid: new-cause\ntitle: x\nwhen:\n  - no.such.key == 1\n---\n## Symptoms\n", "E1"), world.Channel, CancellationToken.None);

        Assert.StartsWith("Not saved:", world.Channel.Sent.Single().Card.Summary, StringComparison.Ordinal);
        Assert.Empty(await Revisions(world).ListRevisionsAsync(null, Ct));
    }

    [Fact]
    public async Task AnArticleThatWouldBreakAStoredOneIsRefusedBecauseTheWholeEffectiveKnowledgeBaseIsLinted()
    {
        await using var world = await ChatWorld.CreateAsync(admins: ["U_ADMIN"]);
        var editor = Editor(world);
        var linking = NewArticle("links-to-new", "See [the other one](./new-cause.md).");
        Assert.True((await editor.EditAsync("add", NewArticle("new-cause"), Admin.Key, Ct)).Accepted);
        Assert.True((await editor.EditAsync("add", linking, Admin.Key, Ct)).Accepted);

        var retired = await editor.EditAsync("retire", "new-cause", Admin.Key, Ct);

        Assert.False(retired.Accepted);
        Assert.Contains("broken link to './new-cause.md'", retired.Message, StringComparison.Ordinal);
        Assert.Equal(2, await Revisions(world).LatestRevisionAsync(Ct));
    }

    [Fact]
    public async Task AnUnwritableKnowledgeBaseFolderStillAcceptsEditsFromChat()
    {
        await using var world = await ChatWorld.CreateAsync(admins: ["U_ADMIN"]);
        _kb.MakeUnwritable();
        var before = _kb.Contents();

        await Editing(world).HandleAsync(new InboundMessage(Admin, new("C1", null), "kb add\n" + NewArticle("new-cause"), "E1"), world.Channel, CancellationToken.None);
        await Editing(world).HandleAsync(new InboundMessage(Admin, new("C1", null), "kb replace\n" + Healthy("Edited while kb/ is read-only."), "E2"), world.Channel, CancellationToken.None);

        Assert.Equal(["Added new-cause (revision 1).", "Replaced healthy (revision 2); the previous text is kept: sshbot kb history healthy."], world.Channel.Sent.Select(s => s.Card.Summary));
        var effective = await EffectiveAsync(world);
        Assert.True(effective.Articles.ContainsKey("new-cause"));
        Assert.Contains("Edited while kb/ is read-only.", Fix(effective, "healthy"), StringComparison.Ordinal);
        Assert.Equal(before, _kb.Contents());
    }

    [Fact]
    public async Task AReadmeIdIsRefusedBecauseTheFolderLoaderWouldNeverLoadIt()
    {
        await using var world = await ChatWorld.CreateAsync(admins: ["U_ADMIN"]);

        var outcome = await Editor(world).EditAsync("add", NewArticle("readme"), Admin.Key, Ct);

        Assert.False(outcome.Accepted);
        Assert.Contains("'readme' cannot be an article id", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(0, await Revisions(world).LatestRevisionAsync(Ct));
    }

    [Fact]
    public async Task TwoAdminsAddingTheSameIdAtOnceGetOneArticleAndOneClearRefusal()
    {
        await using var world = await ChatWorld.CreateAsync(admins: ["U_ADMIN"]);
        // Two editors, as on two replicas: each lints on its own, the store decides the order.
        var first = Editor(world);
        var second = Editor(world);

        var outcomes = await Task.WhenAll(
            first.EditAsync("add", NewArticle("new-cause", "Told by the first."), "slack:T1:U_ONE", Ct),
            second.EditAsync("add", NewArticle("new-cause", "Told by the second."), "slack:T1:U_TWO", Ct));

        var accepted = Assert.Single(outcomes, o => o.Accepted);
        var refused = Assert.Single(outcomes, o => !o.Accepted);
        Assert.Equal("new-cause exists already: use kb replace.", refused.Message);
        var stored = Assert.Single(await Revisions(world).ListRevisionsAsync("new-cause", Ct));
        Assert.Equal(accepted.Revision, stored.Revision);
    }

    [Fact]
    public async Task TwoReplacesRacingEachOtherAreBothKeptAndTheLaterRevisionIsServed()
    {
        await using var world = await ChatWorld.CreateAsync(admins: ["U_ADMIN"]);

        var outcomes = await Task.WhenAll(
            Editor(world).EditAsync("replace", Healthy("First edit."), "slack:T1:U_ONE", Ct),
            Editor(world).EditAsync("replace", Healthy("Second edit."), "slack:T1:U_TWO", Ct));

        Assert.All(outcomes, o => Assert.True(o.Accepted, o.Message));
        var history = await Revisions(world).ListRevisionsAsync("healthy", Ct);
        Assert.Equal([1L, 2L], history.Select(h => h.Revision));
        var newest = history[^1].Text!.Contains("First edit.", StringComparison.Ordinal) ? "First edit." : "Second edit.";
        Assert.Contains(newest, Fix(await EffectiveAsync(world), "healthy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdminRevertsFromChatAndOthersMayNot()
    {
        await using var world = await ChatWorld.CreateAsync(admins: ["U_ADMIN"]);
        await Editor(world).EditAsync("replace", Healthy("Edited from chat."), Admin.Key, Ct);
        var conversation = Editing(world);

        await conversation.HandleAsync(new InboundMessage(new ChatUser("slack", "T1", "U_OTHER"), new("C1", null), "<@U0BOT> kb revert healthy 0", "E1"), world.Channel, CancellationToken.None);
        await conversation.HandleAsync(new InboundMessage(Admin, new("C1", null), "<@U0BOT> kb revert healthy 0", "E2"), world.Channel, CancellationToken.None);

        var sent = world.Channel.Sent.ToArray();
        Assert.Equal(2, sent.Length);
        Assert.DoesNotContain("Reverted", sent[0].Card.Summary, StringComparison.Ordinal);
        Assert.Equal("Reverted healthy to the kb/ folder's file (revision 2).", sent[1].Card.Summary);
        Assert.Equal(["replace", "revert"], (await Revisions(world).ListRevisionsAsync("healthy", Ct)).Select(r => r.Verb));
    }

    [Fact]
    public async Task RevertingGoesBackToAnEarlierRevisionOrToTheFoldersFile()
    {
        await using var world = await ChatWorld.CreateAsync(admins: ["U_ADMIN"]);
        var editor = Editor(world);
        await editor.EditAsync("replace", Healthy("First edit."), Admin.Key, Ct);
        await editor.EditAsync("replace", Healthy("Second edit."), Admin.Key, Ct);

        var toFirst = await editor.EditAsync("revert", "healthy 1", Admin.Key, Ct);
        var afterFirst = Fix(await EffectiveAsync(world), "healthy");
        var toFolder = await editor.EditAsync("revert", "healthy 0", Admin.Key, Ct);

        Assert.Equal("Reverted healthy to revision 1 (revision 3).", toFirst.Message);
        Assert.Contains("First edit.", afterFirst, StringComparison.Ordinal);
        Assert.Equal("Reverted healthy to the kb/ folder's file (revision 4).", toFolder.Message);
        var folder = KnowledgeBaseLoader.Load(_kb.Path).KnowledgeBase!;
        Assert.Equal(Fix(folder, "healthy"), Fix(await EffectiveAsync(world), "healthy"));
        Assert.Equal(["replace", "replace", "revert", "revert"], (await Revisions(world).ListRevisionsAsync("healthy", Ct)).Select(r => r.Verb));
    }

    [Fact]
    public async Task WhenTheStoreCannotBeUsedTheAdminIsStillAnswered()
    {
        await using var world = await ChatWorld.CreateAsync(admins: ["U_ADMIN"]);
        // A store whose file is gone from under it: every read and write fails.
        var broken = await SshBot.Incidents.IncidentStoreFactory.CreateAsync(new SshBot.Incidents.IncidentStoreOptions { DataDirectory = world.Directory + "-gone" }, ct: Ct);
        await broken.DisposeAsync();
        Directory.Delete(world.Directory + "-gone", recursive: true);
        var editor = new StoredKnowledgeBaseEditor(_kb.Path, (IKnowledgeRevisions)broken, _ => Task.FromResult(true));

        var answer = await editor.ApplyAsync("add", NewArticle("new-cause"), Admin.Key, Ct);

        Assert.StartsWith("Not saved: the incident store, where knowledge-base edits are kept, could not be used", answer, StringComparison.Ordinal);
    }

    private static string Healthy(string extra) =>
        File.ReadAllText(Path.Combine(RealKb.Load().Directory, "healthy.md"))
            .Replace("Nothing needs to change on the server.", "Nothing needs to change on the server. " + extra, StringComparison.Ordinal);

    private static string NewArticle(string id, string fix = "Do the thing.") => $"""
        ---
        id: {id}
        title: A cause added from chat
        when:
          - tcp.status == refused
        confidence: low
        ---
        ## Symptoms
        It fails.
        ## Diagnosis
        It is refused.
        ## Fix
        {fix}
        ## Why it works
        Because.
        """;

    private static string Fix(SshBot.KnowledgeBase.KnowledgeBase kb, string id) =>
        new SshBot.KnowledgeBase.Rendering.TerminalRenderer().Render(kb.Articles[id]);

    private static IKnowledgeRevisions Revisions(ChatWorld world) => (IKnowledgeRevisions)world.Store;

    private async Task<SshBot.KnowledgeBase.KnowledgeBase> EffectiveAsync(ChatWorld world) =>
        KnowledgeBaseLoader.Load(_kb.Path, await new StoredKnowledgeEdits(Revisions(world)).ReadAsync(Ct)).KnowledgeBase
            ?? throw new InvalidOperationException("the effective knowledge base does not lint clean");

    private StoredKnowledgeBaseEditor Editor(ChatWorld world) => new(_kb.Path, Revisions(world), _ => Task.FromResult(true));

    private ChatConversation Editing(ChatWorld world) =>
        new(world.Services with { Editor = Editor(world) }, new ConversationOptions { Admins = ["U_ADMIN"] }, NullLogger<ChatConversation>.Instance);
}
