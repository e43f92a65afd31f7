using SshBot.Chat.Slack;

namespace SshBot.Chat.Tests.Slack;

/// <summary>Message text as Slack delivers it (escaped, addresses turned into links) back into what its author typed.</summary>
public sealed class SlackTextTests
{
    [Theory]
    [InlineData("can't ssh to <http://web-01.example.com|web-01.example.com>", "can't ssh to web-01.example.com")]
    [InlineData("can't ssh to <https://web-01.example.com/|web-01.example.com>", "can't ssh to web-01.example.com")]
    [InlineData("can't ssh to <mailto:deploy@web-01.example.com|deploy@web-01.example.com>", "can't ssh to deploy@web-01.example.com")]
    [InlineData("see <https://wiki.example.com/ssh>", "see https://wiki.example.com/ssh")]
    [InlineData("<mailto:git@github.com|git@github.com>: Permission denied (publickey).", "git@github.com: Permission denied (publickey).")]
    [InlineData("&gt; debug1: Connecting to web-01 [10.1.2.3] port 22.", "> debug1: Connecting to web-01 [10.1.2.3] port 22.")]
    [InlineData("ssh web-01 &lt; /dev/null &amp;&amp; echo ok", "ssh web-01 < /dev/null && echo ok")]
    public void LinksAndEscapesBecomeTheTypedText(string delivered, string typed) =>
        Assert.Equal(typed, SlackText.ToPlain(delivered));

    [Fact]
    public void ALinkTheAuthorLabelledKeepsBothItsWordsAndItsAddress() =>
        Assert.Equal("the [runbook](https://wiki.example.com/ssh) says", SlackText.ToPlain("the <https://wiki.example.com/ssh|runbook> says"));

    [Theory]
    [InlineData("<@U0BOT> can't ssh to web-01")]
    [InlineData("<#C0GENERAL|general> and <!here>")]
    [InlineData("<javascript:alert(1)|click>")]
    public void MentionsChannelsCommandsAndOtherSchemesAreLeftAsTheyCame(string delivered) =>
        Assert.Equal(delivered, SlackText.ToPlain(delivered));

    [Fact]
    public void AnEscapedAngleBracketIsNotReadAsALink() =>
        Assert.Equal("<http://x.example|y>", SlackText.ToPlain("&lt;http://x.example|y&gt;"));
}
