using SshBot.Chat.Running;
using SshBot.Chat.Tests.Support;
using SshBot.KnowledgeBase;

namespace SshBot.Chat.Tests.Regressions;

/// <summary>
/// Issue 16 item 7: <c>kb add</c> with the id <c>readme</c> answered "Added", but readme.md is the
/// folder's README and is never loaded. An id the loader would not load is refused with the reason.
/// </summary>
public sealed class KbAddUnloadableIdTests : IDisposable
{
    private readonly string _kb = Directory.CreateTempSubdirectory("sshbot-kb-ids-").FullName;

    public KbAddUnloadableIdTests()
    {
        foreach (var file in Directory.EnumerateFiles(RealKb.Load().Directory, "*.md"))
        {
            File.Copy(file, Path.Combine(_kb, Path.GetFileName(file)));
        }
    }

    [Theory]
    [InlineData("readme", "README")]
    [InlineData("README", "not an article id")]
    [InlineData("Readme", "not an article id")]
    [InlineData("disk--full", "not an article id")]
    [InlineData("disk-full-", "not an article id")]
    public async Task AnIdTheLoaderWouldNotLoadIsRefusedWithTheReasonAndNothingIsWritten(string id, string reason)
    {
        using var editor = new FileKnowledgeBaseEditor(_kb, () => true, TimeProvider.System);
        var before = Directory.GetFiles(_kb).Order().ToArray();

        var answer = await editor.ApplyAsync("add", Article(id), "slack:T1:U_ADMIN", TestContext.Current.CancellationToken);

        Assert.StartsWith("Not saved", answer, StringComparison.Ordinal);
        Assert.Contains(reason, answer, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFiles(_kb).Order().ToArray());
    }

    [Fact]
    public async Task ALoadableIdIsAddedAndServed()
    {
        using var editor = new FileKnowledgeBaseEditor(_kb, () => true, TimeProvider.System);

        var answer = await editor.ApplyAsync("add", Article("stale-dns-cache"), "slack:T1:U_ADMIN", TestContext.Current.CancellationToken);

        Assert.Equal("Added stale-dns-cache.", answer);
        Assert.Contains("stale-dns-cache", KnowledgeBaseLoader.Load(_kb).KnowledgeBase!.Articles.Keys);
    }

    public void Dispose() => Directory.Delete(_kb, recursive: true);

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
