using SshBot.KnowledgeBase.Tests.Support;

namespace SshBot.KnowledgeBase.Tests.Loading;

public sealed class KnowledgeBaseLocatorTests
{
    [Fact]
    public void TheNearestKbFolderAboveTheStartIsFound()
    {
        var start = Path.Combine(Repository.Root, "src", "SshBot.KnowledgeBase");

        Assert.Equal(Repository.KbDirectory, KnowledgeBaseLocator.FindFrom(start));
    }

    [Fact]
    public void NoKbFolderAboveTheStartGivesNull()
    {
        var empty = Directory.CreateTempSubdirectory("sshbot-nokb-");
        try
        {
            Assert.Null(KnowledgeBaseLocator.FindFrom(empty.FullName));
        }
        finally
        {
            empty.Delete();
        }
    }

    [Fact]
    public void TheLoadedSnapshotKeepsArticlesByIdWithTheirSource()
    {
        var article = RealKb.Instance.Articles["sshd-not-listening"];

        Assert.Equal(Path.Combine(Repository.KbDirectory, "sshd-not-listening.md"), article.SourcePath);
        Assert.Equal(Articles.Confidence.Medium, article.Confidence);
        Assert.Contains("sshd", article.Tags);
        Assert.Equal(["Symptoms", "Diagnosis", "Fix", "Why it works", "See also"], article.Sections.Select(s => s.Title));
    }
}
