using SshBot.KnowledgeBase.Linting;
using SshBot.KnowledgeBase.Tests.Support;

namespace SshBot.KnowledgeBase.Tests.Linting;

/// <summary>One fixture directory per kind of problem (Fixtures/Lint/&lt;kind&gt;/), each with the exact problems expected.</summary>
public sealed class LinterFixtureTests
{
    private static List<string> Lint(string kind) =>
        KnowledgeBaseLinter.Lint(Repository.Fixture("Lint", kind), LintOptions.NoRequiredIds)
            .Select(p => $"{Path.GetFileName(p.File)}:{p.Line}: {p.Message}")
            .ToList();

    [Fact]
    public void ACleanArticleHasNoProblems()
    {
        Assert.Empty(Lint("clean"));
    }

    [Theory]
    [InlineData("unparseable-front-matter", "broken.md:3: unparseable front matter: While scanning a multi-line double-quoted scalar, found wrong indentation.")]
    [InlineData("missing-front-matter", "bare.md:1: missing front matter: the file must start with a '---' YAML block")]
    [InlineData("missing-id", "article.md:1: missing 'id' in front matter")]
    [InlineData("missing-title", "article.md:1: missing 'title' in front matter")]
    [InlineData("missing-when", "article.md:1: missing 'when' in front matter")]
    [InlineData("missing-confidence", "article.md:1: missing 'confidence' in front matter")]
    [InlineData("bad-confidence", "article.md:6: confidence 'certain' must be high, medium or low")]
    [InlineData("unknown-key", "article.md:6: unknown observation key 'tcp.state'")]
    [InlineData("undeclared-value", "article.md:5: 'closed-befor-banner' is not a value of ssh.banner.status (one of: received, closed-before-banner, timeout, not-ssh, reset, error)")]
    [InlineData("number-on-text", "article.md:5: 'tcp.status > 3' compares a number, but tcp.status is a text")]
    [InlineData("number-on-list", "article.md:5: 'host.bans < 3' compares a number, but host.bans is a list")]
    [InlineData("malformed-condition", "article.md:5: malformed condition 'tcp.status refused': expected KEY ==|!=|<|>|~ VALUE, KEY in [a, b] or KEY exists")]
    [InlineData("bad-regex", "article.md:6: bad regex '/(unclosed/': Invalid pattern '(unclosed' at offset 9. Not enough )'s.")]
    [InlineData("unknown-group", "article.md:5: unknown condition group 'sometimes': use any: or all:")]
    [InlineData("id-mismatch", "wrong-name.md:2: id 'other-name' does not match the file name 'wrong-name.md'")]
    [InlineData("missing-section", "article.md:1: missing required section '## Why it works'")]
    [InlineData("unsafe-link", "article.md:17: link to 'javascript:alert(1)' uses a scheme that is never rendered (only http, https and mailto are)")]
    [InlineData("unknown-field", "article.md:7: unknown front-matter field 'confidance' (expected id, title, when, confidence, tags, causes)")]
    [InlineData("empty-section", "article.md:12: section 'Fix' is empty")]
    [InlineData("when-not-a-list", "article.md:4: 'when' must be a non-empty list of conditions")]
    [InlineData("bad-id", "Bad_Id.md:2: id 'Bad_Id' must be lowercase words joined by '-' (e.g. sshd-not-listening)")]
    [InlineData("flag-value", "article.md:5: 'yes' is not true or false, but host.sshd.listening is a flag")]
    [InlineData("number-value", "article.md:5: 'fast' is not a number, but tcp.ms is a number")]
    [InlineData("bad-tags", "article.md:7: 'tags' must be a list of words, e.g. [server, load]")]
    public void EachKindOfProblemIsReportedWithItsFileLineAndMessage(string kind, string expected)
    {
        Assert.Equal([expected], Lint(kind));
    }

    [Fact]
    public void DuplicateIdsAreReportedOnTheSecondFile()
    {
        Assert.Equal(
            [
                "b.md:2: id 'a' does not match the file name 'b.md'",
                "b.md:2: duplicate id 'a' (also in a.md)",
            ],
            Lint("duplicate-id"));
    }

    [Fact]
    public void BrokenLinksBetweenArticlesAreReportedOnTheirLine()
    {
        Assert.Equal(
            [
                "article.md:17: broken link to 'no-such-article.md': no article 'no-such-article'",
                "article.md:18: broken link to 'missing-id': no article 'missing-id'",
            ],
            Lint("broken-link"));
    }

    [Fact]
    public void EveryMissingRequiredIdIsReported()
    {
        var problems = KnowledgeBaseLinter.Lint(Repository.Fixture("Lint", "clean"));

        Assert.Equal(RequiredArticles.Ids.Count, problems.Count);
        Assert.Contains(problems, p => Path.GetFileName(p.File) == "healthy.md" && p.Line == 1
            && p.Message == "required article 'healthy' is missing (DESIGN §7)");
    }

    [Fact]
    public void AMissingDirectoryIsAProblemNotAnException()
    {
        var problem = Assert.Single(KnowledgeBaseLinter.Lint("/nonexistent/kb", LintOptions.NoRequiredIds));

        Assert.Equal("knowledge-base directory not found", problem.Message);
    }

    [Fact]
    public void ProblemsPrintAsFileLineMessage()
    {
        Assert.Equal("kb/x.md:3: oops", new LintProblem("kb/x.md", 3, "oops").ToString());
    }

    [Fact]
    public void LoadingABrokenDirectoryFailsWithEveryProblemAndNoSnapshot()
    {
        var result = KnowledgeBaseLoader.Load(Repository.Fixture("Lint", "duplicate-id"), LintOptions.NoRequiredIds);

        Assert.False(result.Succeeded);
        Assert.Null(result.KnowledgeBase);
        Assert.Equal(2, result.Problems.Count);
    }
}
