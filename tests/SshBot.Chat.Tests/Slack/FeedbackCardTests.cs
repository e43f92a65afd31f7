using System.Text.Json.Nodes;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents;

namespace SshBot.Chat.Tests.Slack;

/// <summary>
/// "Fixed it" / "Not it" through the real interactions endpoint: the card then says who answered
/// and when instead of showing its buttons; a second press, by anyone, is told privately and
/// changes nothing.
/// </summary>
public sealed class FeedbackCardTests
{
    private static bool IsFinal(SlackCall c) => c.Method == "chat.update" && c.Text.Contains("Nothing listens", StringComparison.Ordinal);

    private static JsonObject Press(SlackCall card, string user, string actionId, string actionTs, string? responseUrl)
    {
        var blocks = card.Body["blocks"]!.AsArray();
        var value = blocks.Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]![0]!["value"]!.GetValue<string>();
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user, ["team_id"] = "T1" },
            ["team"] = new JsonObject { ["id"] = "T1" },
            ["channel"] = new JsonObject { ["id"] = "C1" },
            ["message"] = new JsonObject { ["ts"] = card.Str("ts"), ["thread_ts"] = "1700000000.000100", ["text"] = card.Text, ["blocks"] = blocks.DeepClone() },
            ["trigger_id"] = "trig-" + actionTs,
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = actionId, ["value"] = value, ["action_ts"] = actionTs }),
        };
        if (responseUrl is not null)
        {
            payload["response_url"] = responseUrl;
        }

        return payload;
    }

    private static Task<HttpResponseMessage> SendAsync(BotServer bot, JsonObject payload) =>
        bot.PostSignedAsync("/api/slack/interactions", "payload=" + Uri.EscapeDataString(payload.ToJsonString()), "application/x-www-form-urlencoded");

    [Fact]
    public async Task FixedItReplacesTheButtonsWithWhoAnsweredAndWhenAndTheThanksGoesToThePresserOnly()
    {
        await using var bot = await BotServer.StartAsync();
        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("Ev1", "can't ssh to web-01"));
        var card = await bot.Slack.WaitForAsync(IsFinal);

        await SendAsync(bot, Press(card, "U0ALICE", "sshbot_fixed", "1700000100.1", bot.Slack.ResponseUrl("press-1")));

        var replaced = await bot.Slack.WaitForAsync(c => c.Method == FakeSlackApi.ResponseUrlMethod && c.Body["replace_original"]?.GetValue<bool>() == true);
        var blocks = replaced.Body["blocks"]!.AsArray();
        Assert.DoesNotContain(blocks, b => b!["type"]!.GetValue<string>() == "actions");
        Assert.Equal(card.Body["blocks"]!.AsArray().Count, blocks.Count);
        var line = blocks[^1]!["elements"]![0]!["text"]!.GetValue<string>();
        Assert.StartsWith("*Fixed it*, answered by <@U0ALICE> <!date^", line, StringComparison.Ordinal);
        Assert.Contains(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), line, StringComparison.Ordinal);
        var thanks = await bot.Slack.WaitForAsync(c => c.Text.Contains("as fixed", StringComparison.Ordinal));
        Assert.Equal((FakeSlackApi.ResponseUrlMethod, "ephemeral"), (thanks.Method, thanks.Str("response_type")));
        var incident = Assert.Single(await bot.Store.ListIncidentsAsync(new IncidentQuery("web-01"), TestContext.Current.CancellationToken));
        Assert.Equal("slack:T1:U0ALICE", incident.Fix?.GivenBy);
        SlackLimits.AssertAllWithin(bot.Slack.Drain());
    }

    [Fact]
    public async Task ASecondAnswerByAnyoneIsToldPrivatelyAndChangesNothing()
    {
        await using var bot = await BotServer.StartAsync();
        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("Ev1", "can't ssh to web-01"));
        var card = await bot.Slack.WaitForAsync(IsFinal);
        await SendAsync(bot, Press(card, "U0ALICE", "sshbot_not_it", "1700000100.1", bot.Slack.ResponseUrl("press-1")));
        await bot.WaitFinishedAsync("slack:action:1700000100.1");
        var before = bot.Slack.Drain().Count;

        await SendAsync(bot, Press(card, "U0BOB", "sshbot_fixed", "1700000100.2", bot.Slack.ResponseUrl("press-2")));
        await SendAsync(bot, Press(card, "U0ALICE", "sshbot_fixed", "1700000100.3", bot.Slack.ResponseUrl("press-3")));
        await bot.WaitFinishedAsync("slack:action:1700000100.2");
        await bot.WaitFinishedAsync("slack:action:1700000100.3");

        var after = bot.Slack.Drain().Skip(before).ToList();
        Assert.Equal(2, after.Count);
        Assert.All(after, c => Assert.Equal((FakeSlackApi.ResponseUrlMethod, "ephemeral"), (c.Method, c.Str("response_type"))));
        Assert.All(after, c => Assert.Contains("already answered \"Not it\" by `slack:T1:U0ALICE`", c.Text, StringComparison.Ordinal));
        var incident = Assert.Single(await bot.Store.ListIncidentsAsync(new IncidentQuery("web-01"), TestContext.Current.CancellationToken));
        var detail = await bot.Store.GetIncidentAsync(incident.Id, TestContext.Current.CancellationToken);
        Assert.Equal((FeedbackKinds.NotIt, IncidentStatuses.Open), (Assert.Single(detail!.Feedback).Kind, incident.Status));
    }

    [Fact]
    public async Task WithoutAResponseUrlTheCardIsUpdatedWithChatUpdate()
    {
        await using var bot = await BotServer.StartAsync();
        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("Ev1", "can't ssh to web-01"));
        var card = await bot.Slack.WaitForAsync(IsFinal);

        await SendAsync(bot, Press(card, "U0ALICE", "sshbot_not_it", "1700000100.1", responseUrl: null));

        var updated = await bot.Slack.WaitForAsync(c => c.Method == "chat.update" && c.Body["blocks"]!.AsArray().Any(b => b!["type"]!.GetValue<string>() == "context"));
        Assert.Equal(("C1", card.Str("ts")), (updated.Str("channel"), updated.Str("ts")));
        Assert.StartsWith("*Not it*, answered by <@U0ALICE>", updated.Body["blocks"]!.AsArray()[^1]!["elements"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        SlackLimits.AssertAllWithin(bot.Slack.Drain());
    }
}
