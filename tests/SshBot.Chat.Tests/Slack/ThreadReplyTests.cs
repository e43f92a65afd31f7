using System.Text.Json.Nodes;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents;

namespace SshBot.Chat.Tests.Slack;

/// <summary>
/// Replies in a thread the bot posted in, without a mention, through the real events endpoint:
/// "again", "fixed" and a pasted log are seen; anything outside its threads, from bots, edits, and
/// the message copy of a mention are left alone without a word.
/// </summary>
public sealed class ThreadReplyTests
{
    private const string Thread = "1700000000.000100";

    private static bool IsFinal(SlackCall c) => c.Method == "chat.update" && c.Text.Contains("Nothing listens", StringComparison.Ordinal);

    public static string ChannelMessage(string eventId, string text, string? threadTs = Thread, string ts = "1700000050.000200", string user = "U_BOB", string extra = "", string channelType = "channel") =>
        new JsonObject
        {
            ["team_id"] = "T1",
            ["type"] = "event_callback",
            ["event_id"] = eventId,
            ["event"] = JsonNode.Parse($$"""{"type":"message","channel":"C1","channel_type":"{{channelType}}","user":"{{user}}","ts":"{{ts}}"{{extra}}}""")!.AsObject().Also(e =>
            {
                e["text"] = text;
                if (threadTs is not null)
                {
                    e["thread_ts"] = threadTs;
                }
            }),
        }.ToJsonString();

    private static async Task<BotServer> DiagnosedAsync(IDictionary<string, string?>? extra = null)
    {
        var bot = await BotServer.StartAsync(extra: extra);
        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvFirst", "can't ssh to web-01"));
        await bot.Slack.WaitForAsync(IsFinal);
        return bot;
    }

    [Fact]
    public async Task AgainWithoutAMentionInTheBotsThreadDiagnosesTheHostAgainThere()
    {
        await using var bot = await DiagnosedAsync();

        await bot.PostSignedAsync("/api/slack/events", ChannelMessage("EvAgain", "again"));

        await bot.WaitFinishedAsync("slack:EvAgain");
        var posts = bot.Slack.Drain().Where(c => c.Method == "chat.postMessage").ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal(("C1", Thread, "Looking at web-01…"), (posts[1].Str("channel"), posts[1].Str("thread_ts"), posts[1].Text));
        Assert.Equal(2, bot.Runner.Runs);
        SlackLimits.AssertAllWithin(bot.Slack.Drain());
    }

    [Fact]
    public async Task FixedWithoutAMentionInTheBotsThreadRecordsTheAnswerAndSaysSoThere()
    {
        await using var bot = await DiagnosedAsync();

        await bot.PostSignedAsync("/api/slack/events", ChannelMessage("EvFixed", "fixed, thanks! it was the security group"));

        var thanks = await bot.Slack.WaitForAsync(c => c.Text.Contains("as fixed", StringComparison.Ordinal));
        Assert.Equal(("C1", Thread), (thanks.Str("channel"), thanks.Str("thread_ts")));
        var incident = Assert.Single(await bot.Store.ListIncidentsAsync(new IncidentQuery("web-01"), TestContext.Current.CancellationToken));
        Assert.Equal(("slack:T1:U_BOB", IncidentStatuses.Resolved), (incident.Fix?.GivenBy, incident.Status));
    }

    [Fact]
    public async Task APastedLogInTheBotsThreadIsDiagnosedWithTheThreadsHost()
    {
        await using var bot = await DiagnosedAsync();
        const string log = "debug1: Connecting to 10.1.2.3 port 22.\ndebug1: connect to address 10.1.2.3 port 22: Connection refused\nssh: connect to host 10.1.2.3 port 22: Connection refused";

        await bot.PostSignedAsync("/api/slack/events", ChannelMessage("EvLog", log));

        await bot.WaitFinishedAsync("slack:EvLog");
        Assert.Equal(2, bot.Runner.Runs);
        var detail = await bot.Store.GetIncidentAsync(Assert.Single(await bot.Store.ListIncidentsAsync(new IncidentQuery("web-01"), TestContext.Current.CancellationToken)).Id, TestContext.Current.CancellationToken);
        Assert.Contains(detail!.Requests, r => r.IdempotencyKey == "slack:EvLog" && r.Text.Contains("Connection refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnErrorInACodeBlockInTheBotsThreadIsDiagnosedTalkAboutAnErrorIsNotAndFixedWithAPasteIsFixed()
    {
        await using var bot = await DiagnosedAsync();

        await bot.PostSignedAsync("/api/slack/events", ChannelMessage("EvBlock", "```deploy@web-01: Permission denied (publickey).```"));
        await bot.WaitFinishedAsync("slack:EvBlock");
        Assert.Equal(2, bot.Runner.Runs);

        await bot.PostSignedAsync("/api/slack/events", ChannelMessage("EvTalk", "still Connection refused from here", ts: "1700000060.000300"));
        await bot.PostSignedAsync("/api/slack/events", ChannelMessage("EvFixedPaste", "fixed, it was the old key:\n```Permission denied (publickey).```", ts: "1700000070.000400"));
        await bot.Slack.WaitForAsync(c => c.Text.Contains("as fixed", StringComparison.Ordinal));
        await bot.WaitFinishedAsync("slack:EvTalk");
        Assert.Equal(2, bot.Runner.Runs);
        var detail = await bot.Store.GetIncidentAsync(Assert.Single(await bot.Store.ListIncidentsAsync(new IncidentQuery("web-01"), TestContext.Current.CancellationToken)).Id, TestContext.Current.CancellationToken);
        Assert.Contains("permission-denied", detail!.Diagnoses[^1].ObservationsJson ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherThreadsBotsEditsChatterAndTheMessageCopyOfAMentionGetNoWord()
    {
        await using var bot = await DiagnosedAsync();
        var before = bot.Slack.Drain().Count;

        string[] ignored =
        [
            ChannelMessage("EvOtherThread", "again", threadTs: "1699999999.000001"),
            ChannelMessage("EvTopLevel", "again", threadTs: null),
            ChannelMessage("EvSelf", "again", user: "U0BOT"),
            ChannelMessage("EvBot", "again", extra: ""","bot_id":"B1" """),
            ChannelMessage("EvEdit", "again", extra: ""","subtype":"message_changed" """),
            ChannelMessage("EvChatter", "did anyone check the security group?"),
            ChannelMessage("EvMentionCopy", "<@U0BOT> again"),
            ChannelMessage("EvIm", "again", channelType: "mpim"),
        ];
        foreach (var body in ignored)
        {
            var response = await bot.PostSignedAsync("/api/slack/events", body);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        await bot.PostSignedAsync("/api/slack/events", ChannelMessage("EvLast", "fixed"));
        await bot.Slack.WaitForAsync(c => c.Text.Contains("as fixed", StringComparison.Ordinal));
        Assert.Equal(1, bot.Runner.Runs);
        Assert.Equal(before + 1, bot.Slack.Drain().Count);
        await bot.WaitFinishedAsync("slack:EvChatter").WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }
}

public sealed class ThreadReplyWithoutConfiguredBotIdTests
{
    [Fact]
    public async Task TheMessageCopyOfAMentionIsKnownByTheBotIdSlackAuthorizedWhenNoneIsConfigured()
    {
        await using var bot = await BotServer.StartAsync(extra: new Dictionary<string, string?> { ["Slack:BotUserId"] = "" });
        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvFirst", "can't ssh to web-01"));
        await bot.Slack.WaitForAsync(c => c.Method == "chat.update" && c.Text.Contains("Nothing listens", StringComparison.Ordinal));
        var copy = JsonNode.Parse(ThreadReplyTests.ChannelMessage("EvCopy", "<@U0BOT> again"))!.AsObject();
        copy["authorizations"] = new JsonArray(new JsonObject { ["user_id"] = "U0BOT", ["is_bot"] = true });

        await bot.PostSignedAsync("/api/slack/events", copy.ToJsonString());
        await bot.PostSignedAsync("/api/slack/events", ThreadReplyTests.ChannelMessage("EvLast", "fixed"));

        await bot.WaitFinishedAsync("slack:EvLast");
        // Had the copy been taken, it would be waiting or running now, or would have run the host again.
        Assert.Equal(new SshBot.Incidents.Work.WorkCounts(0, 0), await ((SshBot.Incidents.Work.IWorkInbox)bot.Store).CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, bot.Runner.Runs);
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject o, Action<JsonObject> change)
    {
        change(o);
        return o;
    }
}
