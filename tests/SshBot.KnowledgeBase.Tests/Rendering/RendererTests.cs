using SshBot.KnowledgeBase.Articles;
using SshBot.KnowledgeBase.Rendering;
using SshBot.KnowledgeBase.Tests.Support;

namespace SshBot.KnowledgeBase.Tests.Rendering;

public sealed class RendererTests
{
    private const string Markdown = """
        ---
        id: sample
        title: Sample & test
        when:
          - tcp.status == refused
        confidence: high
        ---
        ## Symptoms
        Run **sudo** and _then_ `sshd -t` when a < b & c > d.
        ## Diagnosis
        - see [docs](https://example.org/a?b=1&c=2)
        - and <https://example.org/auto>
        ## Fix
        ```sh
        echo "a < b" && ls
        ```

        Then [other](sample.md).
        ## Why it works
        1. first
        2. second
        """;

    // The linter refuses these, so they can only come from a draft or a fragment; render them anyway.
    private const string Hostile = """
        - [evil](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [vb](VBScript:msgbox(1)) [ctl](java&#x09;script:x)
        - <javascript:alert(2)> and <https://example.org/auto>

        <script>alert(1)</script>

        Then <b onclick="x()">click</b>.
        """;

    private static readonly Article Sample = TestKb.From(Markdown).Articles["sample"];

    private static string Section(ArticleRenderer renderer, string title) => renderer.RenderSection(Sample.Section(title)!);

    [Fact]
    public void SlackUsesMrkdwnAndEscapesAmpersandAndAngleBrackets()
    {
        Assert.Equal("*Symptoms*\nRun *sudo* and _then_ `sshd -t` when a &lt; b &amp; c &gt; d.", Section(new SlackRenderer(), "Symptoms"));
    }

    [Fact]
    public void SlackLinksUseAngleBracketSyntaxWithEscapedUrls()
    {
        Assert.Contains("• see <https://example.org/a?b=1&amp;c=2|docs>", Section(new SlackRenderer(), "Diagnosis"), StringComparison.Ordinal);
    }

    [Fact]
    public void SlackFencesCodeBlocksAndEscapesInsideThem()
    {
        Assert.Contains("```\necho \"a &lt; b\" &amp;&amp; ls\n```", Section(new SlackRenderer(), "Fix"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Renderers))]
    public void ScriptLinksAreDroppedToTheirText(ArticleRenderer renderer)
    {
        var text = renderer.RenderMarkdown(Hostile);

        Assert.DoesNotContain("javascript:alert(1)", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("vbscript:", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("script:x", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("evil", text, StringComparison.Ordinal);
        Assert.Contains("ctl", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Renderers))]
    public void RawHtmlNeverReachesTheOutput(ArticleRenderer renderer)
    {
        var fix = renderer.RenderMarkdown(Hostile);

        Assert.DoesNotContain("<script", fix, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert(1)", fix, StringComparison.Ordinal);
        Assert.DoesNotContain("onclick", fix, StringComparison.Ordinal);
        Assert.Contains("click", fix, StringComparison.Ordinal);
    }

    [Fact]
    public void AutolinksToScriptAreNotLinkedInSlack()
    {
        var text = new SlackRenderer().RenderMarkdown(Hostile);

        Assert.Contains("<https://example.org/auto|https://example.org/auto>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<javascript", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TerminalTextHasNoMarkupAndShowsLinkTargets()
    {
        var terminal = new TerminalRenderer();

        Assert.Equal("Symptoms\n--------\nRun sudo and then `sshd -t` when a < b & c > d.", Section(terminal, "Symptoms"));
        Assert.Contains("- see docs (https://example.org/a?b=1&c=2)", Section(terminal, "Diagnosis"), StringComparison.Ordinal);
        Assert.Contains("    echo \"a < b\" && ls", Section(terminal, "Fix"), StringComparison.Ordinal);
        Assert.Contains("1. first\n2. second", Section(terminal, "Why it works"), StringComparison.Ordinal);
    }

    [Fact]
    public void TerminalRendersTheWholeArticleWithItsTitle()
    {
        var text = new TerminalRenderer().Render(Sample);

        Assert.StartsWith("Sample & test\n=============\n", text, StringComparison.Ordinal);
        Assert.Contains("Why it works\n------------", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TeamsUsesTheTextBlockMarkdownSubset()
    {
        var teams = new TeamsRenderer();

        Assert.Equal("**Symptoms**\nRun **sudo** and _then_ sshd -t when a \\< b & c \\> d.", Section(teams, "Symptoms"));
        Assert.Contains("- see [docs](https://example.org/a?b=1&c=2)", Section(teams, "Diagnosis"), StringComparison.Ordinal);
        Assert.Contains("1. first\n2. second", Section(teams, "Why it works"), StringComparison.Ordinal);
    }

    [Fact]
    public void TeamsKeepsShellCommentsInCodeFromBecomingHeadings()
    {
        var text = new TeamsRenderer().RenderMarkdown("```sh\n# on the host\nsshd -t\n- not a list\n```");

        Assert.Equal("\\# on the host\n\nsshd -t\n\n\\- not a list", text);
    }

    [Fact]
    public void LinksToOtherArticlesBecomeTheirText()
    {
        Assert.Contains("[other](sample.md)", Markdown, StringComparison.Ordinal);
        Assert.Contains("Then other.", Section(new SlackRenderer(), "Fix"), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryRealArticleRendersInEveryDialect()
    {
        foreach (var article in RealKb.Instance.Articles.Values)
        {
            foreach (var renderer in new ArticleRenderer[] { new TerminalRenderer(), new SlackRenderer(), new TeamsRenderer() })
            {
                var text = renderer.Render(article);
                Assert.Contains("Why it works", text, StringComparison.Ordinal);
                Assert.True(text.Length > 500, article.Id);
            }
        }
    }

    public static TheoryData<ArticleRenderer> Renderers() => [new TerminalRenderer(), new SlackRenderer(), new TeamsRenderer()];
}
