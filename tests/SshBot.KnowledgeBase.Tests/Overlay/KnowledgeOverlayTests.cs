using SshBot.KnowledgeBase.Articles;
using SshBot.KnowledgeBase.Linting;
using SshBot.KnowledgeBase.Overlay;
using SshBot.KnowledgeBase.Tests.Support;

namespace SshBot.KnowledgeBase.Tests.Overlay;

/// <summary>The effective knowledge base: the folder with the stored edits laid over it, and its version.</summary>
public sealed class KnowledgeOverlayTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sshbot-kb-").FullName;

    public KnowledgeOverlayTests()
    {
        Write("refused", "high", "- tcp.status == refused");
        Write("timeout", "medium", "- tcp.status == timeout");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Write(string id, string confidence, params string[] when) =>
        File.WriteAllText(Path.Combine(_directory, id + ".md"), TestKb.Article(id, confidence, when));

    private static KnowledgeOverlay Stored(long revision, params (string Id, string? Text)[] articles) =>
        new(revision, articles.ToDictionary(a => a.Id, a => new StoredArticle(a.Id, revision, a.Text), StringComparer.Ordinal));

    private KnowledgeBase Load(KnowledgeOverlay overlay) =>
        KnowledgeBaseLoader.Load(_directory, overlay, LintOptions.NoRequiredIds).KnowledgeBase ?? throw new InvalidOperationException("does not lint clean");

    [Fact]
    public void AStoredArticleReplacesTheFolderFileOfItsIdAndAddsNewOnes()
    {
        var kb = Load(Stored(2, ("refused", TestKb.Article("refused", "low", "- tcp.status == refused")), ("banner", TestKb.Article("banner", "low", "- tcp.status == connected"))));

        Assert.Equal(["banner", "refused", "timeout"], kb.Articles.Keys.Order());
        Assert.Equal(Confidence.Low, kb.Articles["refused"].Confidence);
        Assert.Equal("store:r2/refused.md", kb.Articles["refused"].SourcePath);
    }

    [Fact]
    public void ARetiredArticleIsGoneEvenThoughItsFileIsStillInTheFolder()
    {
        var kb = Load(Stored(3, ("timeout", null)));

        Assert.Equal(["refused"], kb.Articles.Keys);
    }

    [Fact]
    public void AStoredArticleThatDoesNotLintIsReportedByItsRevisionAndNothingLoads()
    {
        var result = KnowledgeBaseLoader.Load(_directory, Stored(4, ("refused", TestKb.Article("refused", "high", "- tcp.status == refussed"))), LintOptions.NoRequiredIds);

        Assert.Null(result.KnowledgeBase);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("store:r4/refused.md", problem.File);
        Assert.StartsWith("'refussed' is not a value of tcp.status", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RetiringARequiredArticleFailsTheLintAndSaysWhichRevisionRetiredIt()
    {
        var result = KnowledgeBaseLoader.Load(_directory, Stored(5, ("timeout", null)), new LintOptions { RequiredIds = ["timeout"] });

        Assert.Contains(result.Problems, p => p.Message == "required article 'timeout' is missing (retired in stored revision 5) (DESIGN §7)");
    }

    [Fact]
    public void TheVersionIsTheStoredRevisionAndAHashOfTheEffectiveTexts()
    {
        var folder = Load(KnowledgeOverlay.Empty);
        var sameAgain = Load(KnowledgeOverlay.Empty);
        var edited = Load(Stored(7, ("refused", TestKb.Article("refused", "low", "- tcp.status == refused"))));

        Assert.Matches("^r0-[0-9a-f]{12}$", folder.Version.ToString());
        Assert.Equal(folder.Version, sameAgain.Version);
        Assert.StartsWith("r7-", edited.Version.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(folder.Version.ContentHash, edited.Version.ContentHash);
        Assert.Equal(edited.Version.ToString(), edited.Match(new Obs().Text("tcp.status", "refused").Build()).KnowledgeBaseVersion);
    }

    [Fact]
    public void TheSameArticlesStoredOrInTheFolderWithCrlfLineEndingsHaveTheSameHash()
    {
        var folder = Load(KnowledgeOverlay.Empty);
        File.WriteAllText(Path.Combine(_directory, "refused.md"), TestKb.Article("refused", "high", "- tcp.status == refused").Replace("\n", "\r\n", StringComparison.Ordinal));
        var crlf = Load(KnowledgeOverlay.Empty);
        var stored = Load(Stored(1, ("refused", File.ReadAllText(Path.Combine(_directory, "refused.md")))));

        Assert.Equal(folder.Version.ContentHash, crlf.Version.ContentHash);
        Assert.Equal(folder.Version.ContentHash, stored.Version.ContentHash);
    }

    [Fact]
    public void AChangedFolderFileChangesTheHashButNotTheRevision()
    {
        var before = Load(Stored(3, ("banner", TestKb.Article("banner", "low", "- tcp.status == connected"))));
        Write("timeout", "low", "- tcp.status == timeout");
        var after = Load(Stored(3, ("banner", TestKb.Article("banner", "low", "- tcp.status == connected"))));

        Assert.Equal(before.Version.Revision, after.Version.Revision);
        Assert.NotEqual(before.Version.ContentHash, after.Version.ContentHash);
    }
}
