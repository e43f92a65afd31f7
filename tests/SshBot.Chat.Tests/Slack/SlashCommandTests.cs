using System.Net;
using System.Text.Json.Nodes;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents;

namespace SshBot.Chat.Tests.Slack;

/// <summary>
/// /sshdiag through the real endpoint and a fake Slack: help at once and only to the asker, errors
/// through the command's response_url to the asker only, the diagnosis in the channel (or through
/// the response_url where the bot cannot post), and a response_url that is not Slack's never called.
/// </summary>
public sealed class SlashCommandTests
{
    private static bool IsFinalCard(SlackCall c) => c.Body["blocks"] is JsonArray blocks && blocks.Any(b => b!["type"]!.GetValue<string>() == "actions");

    public static Task<HttpResponseMessage> CommandAsync(BotServer bot, string text, string trigger, string? responseUrl, string channel = "C9") =>
        bot.PostSignedAsync(
            "/api/slack/commands",
            $"token=x&team_id=T1&channel_id={channel}&user_id=U_ALICE&command=%2Fsshdiag&text={Uri.EscapeDataString(text)}&trigger_id={trigger}"
            + (responseUrl is null ? "" : "&response_url=" + Uri.EscapeDataString(responseUrl)),
            "application/x-www-form-urlencoded");

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
    public async Task TheDiagnosisIsPostedInTheChannelWhileARefusalGoesOnlyToTheAsker()
    {
        await using var bot = await BotServer.StartAsync();

        await CommandAsync(bot, "db-01", "t-refused", bot.Slack.ResponseUrl("refused"));
        var refusal = await bot.Slack.WaitForAsync(c => c.Method == FakeSlackApi.ResponseUrlMethod);
        await CommandAsync(bot, "web-01", "t-ok", bot.Slack.ResponseUrl("ok"));
        var final = await bot.Slack.WaitForAsync(IsFinalCard);

        Assert.Equal(("ephemeral", "commands/T1/refused"), (refusal.Str("response_type"), refusal.Str("_path")));
        Assert.Contains("Targets:Allow", refusal.Text, StringComparison.Ordinal);
        var posted = Assert.Single(bot.Slack.Seen, c => c.Method == "chat.postMessage");
        Assert.Equal(("C9", null, "Looking at web-01…"), (posted.Str("channel"), posted.Str("thread_ts"), posted.Text));
        Assert.Equal(("chat.update", "C9"), (final.Method, final.Str("channel")));
        Assert.Single(bot.Slack.Seen, c => c.Method == FakeSlackApi.ResponseUrlMethod);
        SlackLimits.AssertAllWithin(bot.Slack.Seen);
    }

    [Fact]
    public async Task WhereTheBotCannotPostTheAnswerGoesThroughTheResponseUrlAndTheVerdictReplacesIt()
    {
        await using var bot = await BotServer.StartAsync();
        bot.Slack.Refuse = c => c.Method == "chat.postMessage" && c.Str("channel") == "D_OTHER" ? "channel_not_found" : null;

        await CommandAsync(bot, "web-01", "t-dm", bot.Slack.ResponseUrl("dm"), channel: "D_OTHER");

        var final = await bot.Slack.WaitForAsync(IsFinalCard);
        var first = bot.Slack.Seen[0];
        Assert.Equal((FakeSlackApi.ResponseUrlMethod, "in_channel", "Looking at web-01…"), (first.Method, first.Str("response_type"), first.Text));
        Assert.Equal(FakeSlackApi.ResponseUrlMethod, final.Method);
        Assert.True(final.Body["replace_original"]!.GetValue<bool>());
        Assert.DoesNotContain(bot.Slack.Drain(), c => c.Method is "chat.update" or "chat.postMessage");
        Assert.InRange(bot.Slack.Seen.Count, 2, 5);
        SlackLimits.AssertAllWithin(bot.Slack.Seen);
    }

    [Fact]
    public async Task AResponseUrlThatIsNotSlacksIsNeverCalledAndTheAnswerStaysInTheChannel()
    {
        await using var bot = await BotServer.StartAsync();

        await CommandAsync(bot, "db-01", "t-evil", bot.Slack.OutsideUrl("steal"));
        var refusal = await bot.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        await CommandAsync(bot, "web-01", "t-evil2", bot.Slack.OutsideUrl("steal2"));
        await bot.Slack.WaitForAsync(IsFinalCard);

        Assert.Contains("Targets:Allow", refusal.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Slack.Drain(), c => c.Method is "outside" or FakeSlackApi.ResponseUrlMethod);
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
