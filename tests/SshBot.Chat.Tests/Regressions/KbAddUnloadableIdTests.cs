using SshBot.Chat.Running;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents.Knowledge;

namespace SshBot.Chat.Tests.Regressions;

/// <summary>
/// Issue 16 item 7: <c>kb add</c> with the id <c>readme</c> answered "Added", but readme.md is the
/// folder's README and is never loaded. An id the loader would not load is refused with the reason.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KbAddUnloadableIdTests : IDisposable
{
    private readonly KbFolderCopy _kb = new();

    [Theory]
    [InlineData("readme", "README")]
    [InlineData("README", "not an article id")]
    [InlineData("Readme", "not an article id")]
    [InlineData("disk--full", "not an article id")]
    [InlineData("disk-full-", "not an article id")]
    public async Task AnIdTheLoaderWouldNotLoadIsRefusedWithTheReasonAndNothingIsStored(string id, string reason)
    {
        await using var world = await ChatWorld.CreateAsync(admins: ["U_ADMIN"]);
        var before = _kb.Contents();

        var outcome = await Editor(world).EditAsync("add", Article(id), "slack:T1:U_ADMIN", TestContext.Current.CancellationToken);

        Assert.False(outcome.Accepted);
        Assert.StartsWith("Not saved", outcome.Message, StringComparison.Ordinal);
        Assert.Contains(reason, outcome.Message, StringComparison.Ordinal);
        Assert.Equal(0, await ((IKnowledgeRevisions)world.Store).LatestRevisionAsync(TestContext.Current.CancellationToken));
        Assert.Equal(before, _kb.Contents());
    }

    [Fact]
    public async Task ALoadableIdIsAddedAndServed()
    {
        await using var world = await ChatWorld.CreateAsync(admins: ["U_ADMIN"]);
        var revisions = (IKnowledgeRevisions)world.Store;

        var outcome = await Editor(world).EditAsync("add", Article("stale-dns-cache"), "slack:T1:U_ADMIN", TestContext.Current.CancellationToken);

        Assert.True(outcome.Accepted);
        Assert.Equal("Added stale-dns-cache (revision 1).", outcome.Message);
        Assert.Equal("stale-dns-cache", Assert.Single(await revisions.ListRevisionsAsync("stale-dns-cache", TestContext.Current.CancellationToken)).ArticleId);
    }

    public void Dispose() => _kb.Dispose();

    private StoredKnowledgeBaseEditor Editor(ChatWorld world) => new(_kb.Path, (IKnowledgeRevisions)world.Store, _ => Task.FromResult(true));

    private static string Article(string id) => $"""
        ---
        id: {id}
        title: A cached DNS answer points at the old address
        when:
          - dns.status == resolved
          - tcp.status == timeout
        confidence: low
        ---
        ## Symptoms
        s
        ## Diagnosis
        d
        ## Fix
        f
        ## Why it works
        w
        """;
}
