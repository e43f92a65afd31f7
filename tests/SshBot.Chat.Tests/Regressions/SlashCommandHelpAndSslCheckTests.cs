using System.Net;
using System.Text.Json.Nodes;
using SshBot.Chat.Tests.Slack;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents;

namespace SshBot.Chat.Tests.Regressions;

/// <summary>
/// /sshdiag help answered "I didn't find a host" in public, and Slack's ssl_check on the commands
/// URL got a 500.
/// </summary>
public sealed class SlashCommandHelpAndSslCheckTests
{
    private static bool IsFinalCard(SlackCall c) => c.Body["blocks"] is JsonArray blocks && blocks.Any(b => b!["type"]!.GetValue<string>() == "actions");

    private static Task<HttpResponseMessage> CommandAsync(BotServer bot, string text, string trigger, string? responseUrl) =>
        SlashCommandTests.CommandAsync(bot, text, trigger, responseUrl);

    [Theory]
    [InlineData("help")]
    [InlineData("")]
    [InlineData("  HELP ")]
    public async Task HelpIsShownAtOnceToTheAskerOnlyAndNothingIsPostedOrStored(string text)
    {
        await using var bot = await BotServer.StartAsync();

        var response = await CommandAsync(bot, text, "t-help", bot.Slack.ResponseUrl("help"));
        await CommandAsync(bot, "web-01", "t-after", bot.Slack.ResponseUrl("after"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shown = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("ephemeral", shown["response_type"]!.GetValue<string>());
        Assert.StartsWith("Usage: /sshdiag HOST", shown["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("ssh to", string.Join("\n", shown["blocks"]!.AsArray().Select(b => b!["text"]!["text"]!.GetValue<string>())), StringComparison.Ordinal);
        Assert.DoesNotContain("didn't find a host", shown.ToJsonString(), StringComparison.Ordinal);
        await bot.Slack.WaitForAsync(IsFinalCard);
        Assert.DoesNotContain(bot.Slack.Drain(), c => c.Str("_path")?.EndsWith("/help", StringComparison.Ordinal) == true);
        Assert.Equal(1, bot.Runner.Runs);
        SlackLimits.AssertAllWithin(bot.Slack.Seen);
    }

    [Fact]
    public async Task SlacksSslCheckIsAnsweredOkWithAnEmptyBodyAndDoesNothing()
    {
        await using var bot = await BotServer.StartAsync();

        var response = await bot.PostSignedAsync("/api/slack/commands", "ssl_check=1&token=x", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await bot.Store.ListIncidentsAsync(new IncidentQuery(), TestContext.Current.CancellationToken));
        Assert.Empty(bot.Slack.Drain());
    }

    [Fact]
    public async Task AnUnsignedSslCheckIsRefusedLikeAnyUnsignedRequest()
    {
        await using var bot = await BotServer.StartAsync();

        var response = await bot.Http.PostAsync("/api/slack/commands", new StringContent("ssl_check=1&token=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
