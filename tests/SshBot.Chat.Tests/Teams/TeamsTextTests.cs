using System.Text;
using SshBot.Chat.Teams;

namespace SshBot.Chat.Tests.Teams;

/// <summary>Message text as Teams delivers it (HTML for anything formatted) back into lines, fences and words.</summary>
public sealed class TeamsTextTests
{
    [Fact]
    public void ParagraphsAndBreaksBecomeLines() =>
        Assert.Equal("can't ssh to web-01\nit worked yesterday\nreally", TeamsText.ToPlain("<p>can't ssh to web-01</p><p>it worked yesterday<br>really</p>"));

    [Fact]
    public void ACodeBlockBecomesAFencedBlockWithItsLinesIntact()
    {
        var html = "<p>can't ssh to web-01</p><pre><code>debug1: Connecting to web-01 [10.1.2.3] port 22.\ndebug1: connect to address 10.1.2.3 port 22: Connection timed out</code></pre>";

        Assert.Equal(
            "can't ssh to web-01\n```\ndebug1: Connecting to web-01 [10.1.2.3] port 22.\ndebug1: connect to address 10.1.2.3 port 22: Connection timed out\n```",
            TeamsText.ToPlain(html));
    }

    [Theory]
    [InlineData("<pre>debug1: Connecting to web-01 port 22.<br>debug1: connect to address 10.1.2.3 port 22: Connection refused</pre>")]
    [InlineData("<codeblock><code><span>debug1: Connecting to web-01 port 22.</span><br><span>debug1: connect to address 10.1.2.3 port 22: Connection refused</span></code></codeblock>")]
    [InlineData("<code>debug1: Connecting to web-01 port 22.\ndebug1: connect to address 10.1.2.3 port 22: Connection refused</code>")]
    [InlineData("<pre><div>debug1: Connecting to web-01 port 22.</div><div>debug1: connect to address 10.1.2.3 port 22: Connection refused</div></pre>")]
    public void ACodeBlockKeepsItsLinesHoweverTheyAreWritten(string html) =>
        Assert.Equal("```\ndebug1: Connecting to web-01 port 22.\ndebug1: connect to address 10.1.2.3 port 22: Connection refused\n```", TeamsText.ToPlain(html));

    [Fact]
    public void AFenceInsideACodeBlockCannotEndIt() =>
        Assert.Equal("```\nbefore\n'''\nafter\n```", TeamsText.ToPlain("<pre>before\n```\nafter</pre>"));

    [Fact]
    public void InlineCodeKeepsItsBackticksAndEntitiesTheirCharacters() =>
        Assert.Equal("I get `Permission denied (publickey).` from <web-01> & co", TeamsText.ToPlain("<p>I get <code>Permission denied (publickey).</code> from &lt;web-01&gt;&nbsp;&amp; co</p>"));

    [Theory]
    [InlineData("can't ssh to web-01")]
    [InlineData("ssh <host> fails\nsecond line")]
    [InlineData("kb show <https://evil.example|Re-auth>")]
    public void TextWithoutTeamsMarkupIsLeftAsItCame(string text) =>
        Assert.Equal(text, TeamsText.ToPlain(text));

    [Fact]
    public void ScriptsAndStylesAreNotText() =>
        Assert.Equal("web-01", TeamsText.ToPlain("<div><script>alert(1)</script><style>p{}</style>web-01</div>"));

    [Fact]
    public void DeepNestingAndHugeInputAreReadWithoutExhaustingTheStackAndStopAtTheCap()
    {
        var deep = string.Concat(Enumerable.Repeat("<div>", 10_000)) + "web-01" + string.Concat(Enumerable.Repeat("</div>", 10_000));
        Assert.Contains("web-01", TeamsText.ToPlain(deep), StringComparison.Ordinal);

        var huge = new StringBuilder("<p>").Append('x', TeamsText.MaxChars * 2).Append("tail</p>").ToString();
        var plain = TeamsText.ToPlain(huge);
        Assert.True(plain.Length <= TeamsText.MaxChars, $"read {plain.Length} characters");
        Assert.DoesNotContain("tail", plain, StringComparison.Ordinal);
    }
}
