using SshBot.Chat.Slack;

namespace SshBot.Chat.Tests.Slack;

/// <summary>A response_url is called only when it is Slack's (or under the configured base): no SSRF through a payload.</summary>
public sealed class SlackResponseUrlTests
{
    private static readonly SlackOptions WithBase = new() { ResponseUrlBase = new Uri("http://127.0.0.1:5005/hooks/") };

    [Theory]
    [InlineData("https://hooks.slack.com/commands/T1/123/abc")]
    [InlineData("https://HOOKS.SLACK.COM/actions/T1/123/abc")]
    public void SlacksOwnHooksAreAccepted(string url) => Assert.True(SlackResponseUrl.TryAccept(url, new SlackOptions(), out _));

    [Theory]
    [InlineData("http://hooks.slack.com/commands/T1/1/a")]
    [InlineData("https://hooks.slack.com:8443/commands/T1/1/a")]
    [InlineData("https://hooks.slack.com.evil.example/commands")]
    [InlineData("https://evilhooks.slack.com/commands")]
    [InlineData("https://user@hooks.slack.com/commands")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/commands/T1/1/a")]
    [InlineData("")]
    [InlineData("http://127.0.0.1:5005/hooksx/a")]
    [InlineData("http://127.0.0.1:5005/other/a")]
    [InlineData("http://127.0.0.1:5006/hooks/a")]
    [InlineData("https://127.0.0.1:5005/hooks/a")]
    [InlineData("http://localhost:5005/hooks/a")]
    public void AnythingElseIsRefused(string url) => Assert.False(SlackResponseUrl.TryAccept(url, WithBase, out _));

    [Fact]
    public void TheConfiguredBaseIsAcceptedOnlyWhereConfigured()
    {
        Assert.True(SlackResponseUrl.TryAccept("http://127.0.0.1:5005/hooks/commands/T1/x", WithBase, out _));
        Assert.False(SlackResponseUrl.TryAccept("http://127.0.0.1:5005/hooks/commands/T1/x", new SlackOptions(), out _));
    }
}
