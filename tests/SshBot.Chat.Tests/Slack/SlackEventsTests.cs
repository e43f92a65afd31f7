using System.Net;
using System.Text.Json.Nodes;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents;

namespace SshBot.Chat.Tests.Slack;

/// <summary>The real host on loopback, a fake Slack Web API on loopback, a scripted diagnosis.</summary>
public sealed class SlackEventsTests
{
    private static bool IsFinal(SlackCall c) => c.Method == "chat.update" && c.Text.Contains("Nothing listens", StringComparison.Ordinal);

    [Fact]
    public async Task AMentionIsAcknowledgedInTheThreadUpdatedInPlaceAndEndsWithTheVerdictCard()
    {
        await using var bot = await BotServer.StartAsync();

        var response = await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("Ev1", "can't ssh to web-01"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var final = await bot.Slack.WaitForAsync(IsFinal);
        var ack = bot.Slack.Seen[0];
        Assert.Equal("chat.postMessage", ack.Method);
        Assert.Equal("Bearer xoxb-test-token", ack.Authorization);
        Assert.Equal(("C1", "1700000000.000100"), (ack.Str("channel"), ack.Str("thread_ts")));
        Assert.Equal("Looking at web-01…", ack.Text);
        Assert.All(bot.Slack.Seen.Skip(1), c => Assert.Equal(("chat.update", "C1", "1800000000.000001"), (c.Method, c.Str("channel"), c.Str("ts"))));
        var blocks = final.Body["blocks"]!.AsArray();
        var actions = blocks.Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]!.AsArray();
        Assert.Equal(["Fixed it", "Not it", "Run again"], actions.Select(a => a!["text"]!["text"]!.GetValue<string>()));
        Assert.Contains(blocks, b => b!["text"]?["text"]?.GetValue<string>().StartsWith("*Fix*", StringComparison.Ordinal) == true);
        var incident = Assert.Single(await bot.Store.ListIncidentsAsync(new IncidentQuery("web-01"), TestContext.Current.CancellationToken));
        Assert.Equal("sshd-not-listening", incident.VerdictId);
        var detail = await bot.Store.GetIncidentAsync(incident.Id, TestContext.Current.CancellationToken);
        Assert.Equal("slack:Ev1", Assert.Single(detail!.Requests).IdempotencyKey);
        Assert.Equal("1800000000.000001", Assert.Single(detail.Replies).MessageId);
    }

    [Fact]
    public async Task TheSameEventDeliveredThreeTimesYieldsOneDiagnosisOneIncidentAndOneReply()
    {
        await using var bot = await BotServer.StartAsync();
        var body = BotServer.MentionEvent("EvRetry", "can't ssh to web-01");

        var responses = new[]
        {
            await bot.PostSignedAsync("/api/slack/events", body),
            await bot.PostSignedAsync("/api/slack/events", body, retryNum: "1"),
            await bot.PostSignedAsync("/api/slack/events", body, retryNum: "2"),
        };

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await bot.Slack.WaitForAsync(IsFinal);
        Assert.Equal(1, bot.Runner.Runs);
        Assert.Single(bot.Slack.Drain(), c => c.Method == "chat.postMessage");
        Assert.Single(await bot.Store.ListIncidentsAsync(new IncidentQuery(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task UrlVerificationIsAnsweredWithTheChallenge()
    {
        await using var bot = await BotServer.StartAsync();

        var response = await bot.PostSignedAsync("/api/slack/events", """{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""");

        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task MessagesFromBotsAndTheBotItselfAreIgnored()
    {
        await using var bot = await BotServer.StartAsync();

        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvSelf", "can't ssh to web-09", user: "U0BOT"));
        await bot.PostSignedAsync("/api/slack/events", """{"team_id":"T1","type":"event_callback","event_id":"EvBot","event":{"type":"app_mention","bot_id":"B1","text":"<@U0BOT> ssh to web-08","ts":"1.2","channel":"C1"}}""");
        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvHuman", "can't ssh to web-01"));

        await bot.Slack.WaitForAsync(IsFinal);
        Assert.Equal(1, bot.Runner.Runs);
        Assert.Single(bot.Slack.Drain(), c => c.Method == "chat.postMessage");
    }

    [Fact]
    public async Task ATooManyRequestsAnswerFromSlackIsWaitedOutAndTheReplyStillArrives()
    {
        await using var bot = await BotServer.StartAsync();
        bot.Slack.Throttle(1);

        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("Ev429", "can't ssh to web-01"));

        await bot.Slack.WaitForAsync(IsFinal);
        Assert.Single(bot.Slack.Seen, c => c.Method == "chat.postMessage");
    }

    [Fact]
    public async Task FixedItFromTheCardIsRecordedAsFeedback()
    {
        await using var bot = await BotServer.StartAsync();
        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("Ev1", "can't ssh to web-01"));
        var final = await bot.Slack.WaitForAsync(IsFinal);
        var value = final.Body["blocks"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]![0]!["value"]!.GetValue<string>();
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = "U_ALICE", ["team_id"] = "T1" },
            ["team"] = new JsonObject { ["id"] = "T1" },
            ["channel"] = new JsonObject { ["id"] = "C1" },
            ["message"] = new JsonObject { ["ts"] = "1800000000.000001", ["thread_ts"] = "1700000000.000100" },
            ["trigger_id"] = "trig-1",
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = "sshbot_fixed", ["value"] = value, ["action_ts"] = "1700000100.1" }),
        };

        var response = await bot.PostSignedAsync("/api/slack/interactions", "payload=" + Uri.EscapeDataString(payload.ToJsonString()), "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var thanks = await bot.Slack.WaitForAsync(c => c.Text.Contains("as fixed", StringComparison.Ordinal));
        Assert.Equal("1700000000.000100", thanks.Str("thread_ts"));
        var incident = Assert.Single(await bot.Store.ListIncidentsAsync(new IncidentQuery("web-01"), TestContext.Current.CancellationToken));
        Assert.Equal("slack:T1:U_ALICE", incident.Fix?.GivenBy);
    }

    [Fact]
    public async Task TheSlashCommandDiagnosesTheHostInTheChannel()
    {
        await using var bot = await BotServer.StartAsync();

        var response = await bot.PostSignedAsync("/api/slack/commands", "token=x&team_id=T1&channel_id=C9&user_id=U_ALICE&command=%2Fsshdiag&text=web-01&trigger_id=13345224609.738474920.8088930838d88f008e0", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var final = await bot.Slack.WaitForAsync(IsFinal);
        Assert.Equal("C9", final.Str("channel"));
        Assert.Null(bot.Slack.Seen[0].Str("thread_ts"));
    }

    [Fact]
    public async Task ATargetOutsideTheAllowlistIsRefusedInTheThreadWithoutAProbe()
    {
        await using var bot = await BotServer.StartAsync();

        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvDb", "can't ssh to db-01"));

        var reply = await bot.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        Assert.Contains("Targets:Allow", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("192.0.2.7", reply.Text, StringComparison.Ordinal);
        Assert.Equal(0, bot.Runner.Runs);
    }

    [Fact]
    public async Task HealthReportsTheStoreAndTheKnowledgeBase()
    {
        await using var bot = await BotServer.StartAsync();

        var health = JsonNode.Parse(await bot.Http.GetStringAsync("/health", TestContext.Current.CancellationToken))!;

        Assert.Equal("ok", health["store"]!.GetValue<string>());
        Assert.True(health["knowledgeBase"]!["articles"]!.GetValue<int>() >= 29);
    }

    [Fact]
    public async Task TheWebhookIsAcknowledgedBeforeTheDiagnosisFinishes()
    {
        await using var bot = await BotServer.StartAsync(ScriptedRunner.Refused(hold: true));

        var response = await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvSlow", "can't ssh to web-01"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(bot.Slack.Drain(), IsFinal);
        bot.Runner.Release();
        await bot.Slack.WaitForAsync(IsFinal);
    }

    [Fact]
    public async Task ADirectMessageIsAnsweredInItsThread()
    {
        await using var bot = await BotServer.StartAsync();

        await bot.PostSignedAsync("/api/slack/events", """{"team_id":"T1","type":"event_callback","event_id":"EvDm","event":{"type":"message","channel_type":"im","user":"U_ALICE","text":"ssh to web-01 drops when idle","ts":"1700000200.000300","channel":"D1"}}""");

        var final = await bot.Slack.WaitForAsync(c => c.Method == "chat.update" && c.Str("channel") == "D1" && c.Body["blocks"] is not null && c.Text.Contains("web-01", StringComparison.Ordinal) && c.Body["blocks"]!.AsArray().Any(b => b!["type"]!.GetValue<string>() == "actions"));
        Assert.Equal("1700000200.000300", bot.Slack.Seen[0].Str("thread_ts"));
        Assert.NotNull(final);
    }
}
