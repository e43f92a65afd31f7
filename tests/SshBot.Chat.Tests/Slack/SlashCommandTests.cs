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
}
