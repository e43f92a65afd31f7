using SshBot.KnowledgeBase.Loading;

namespace SshBot.KnowledgeBase.Tests.Regressions;

/// <summary>
/// Issue 16 item 2: an article title with a link or HTML reached every verdict in every channel.
/// The linter refuses anything in a title but plain text.
/// </summary>
public sealed class ArticleTitleLintTests
{
    [Theory]
    [InlineData("Re-auth [here](https://evil.example/login)")]
    [InlineData("[Re-auth][1]")]
    [InlineData("![x](https://evil.example/x.png) broken")]
    [InlineData("Re-auth <https://evil.example|here>")]
    [InlineData("<b>bold</b> claim")]
    [InlineData("<!channel> look")]
    [InlineData("see https://evil.example")]
    [InlineData("see HTTP://EVIL.EXAMPLE")]
    [InlineData("see www.evil.example")]
    [InlineData("run javascript:alert(1)")]
    [InlineData("open data:text/html,x")]
    [InlineData("mail mailto:x@evil.example")]
    [InlineData("bidi \\u202Eelpmaxe\\u202C")]
    [InlineData("zero\\u200Bwidth")]
    [InlineData("bell \\a")]
    public void ATitleWithALinkHtmlOrAnInvisibleCharacterIsAProblem(string title)
    {
        // The title goes into a double-quoted YAML scalar, where \u202E and \a are escapes.
        var result = ArticleReader.Read("/kb/bad-title.md", Article("\"" + title.Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));

        Assert.Null(result.Article);
        Assert.Contains(result.Problems, p => p.Line == 3 && p.Message.Contains("title must be plain text", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Permission denied (publickey): the key is not accepted")]
    [InlineData("sshd_config is invalid: `sshd -t` fails and sshd cannot restart")]
    [InlineData("A firewall silently drops the connection (SYN timeout)")]
    public void APlainTitleIsFine(string title)
    {
        var result = ArticleReader.Read("/kb/bad-title.md", Article("\"" + title + "\""));

        Assert.Empty(result.Problems);
    }

    private static string Article(string title) => $"""
        ---
        id: bad-title
        title: {title}
        when:
          - tcp.status == refused
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
