using SshBot.KnowledgeBase.Linting;
using SshBot.KnowledgeBase.Tests.Support;

namespace SshBot.KnowledgeBase.Tests.Linting;

public sealed class RealKnowledgeBaseTests
{
    [Fact]
    public void TheRealKnowledgeBaseLintsClean()
    {
        var problems = KnowledgeBaseLinter.Lint(Repository.KbDirectory);

        Assert.Empty(problems.Select(p => p.ToString()));
    }

    [Fact]
    public void TheRealKnowledgeBaseHasEveryRequiredArticle()
    {
        var kb = RealKb.Instance;

        Assert.All(RequiredArticles.Ids, id => Assert.True(kb.Articles.ContainsKey(id), $"missing {id}"));
        Assert.Equal(29, RequiredArticles.Ids.Count);
    }

    [Fact]
    public void EveryRealArticleHasTheRequiredSectionsWithContent()
    {
        foreach (var article in RealKb.Instance.Articles.Values)
        {
            foreach (var required in Articles.SectionNames.Required)
            {
                var section = article.Section(required);
                Assert.NotNull(section);
                Assert.NotEmpty(section.Content);
            }
        }
    }
}
