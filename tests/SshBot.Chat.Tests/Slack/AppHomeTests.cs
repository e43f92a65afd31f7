using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Slack;

/// <summary>The App Home tab through the real events endpoint: recent incidents on the hosts that user asked about, scoped to their workspace.</summary>
public sealed class AppHomeTests
{
    private static string HomeOpened(string eventId, string user, string team = "T1") =>
        $$"""{"team_id":"{{team}}","type":"event_callback","event_id":"{{eventId}}","event":{"type":"app_home_opened","user":"{{user}}","channel":"D0HOME","tab":"home","event_ts":"1700000300.1"} }""";

    [Fact]
    public async Task OpeningHomeShowsIncidentsOnTheHostsThatUserAskedAboutAndNoOneElses()
    {
        await using var bot = await BotServer.StartAsync(extra: new Dictionary<string, string?> { ["Targets:Ports:0"] = "22", ["Targets:Ports:1"] = "2222" });
        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvA", "can't ssh to web-01", user: "U_ALICE"));
        await bot.WaitFinishedAsync("slack:EvA");
        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvB", "can't ssh to web-02", user: "U_BOB", ts: "1700000000.000200"));
        await bot.WaitFinishedAsync("slack:EvB");
        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvE", "can't ssh to web-01:2222", user: "U_EVE", team: "T2", ts: "1700000000.000300"));
        await bot.WaitFinishedAsync("slack:EvE");

        await bot.PostSignedAsync("/api/slack/events", HomeOpened("EvHome", "U_ALICE"));

        var publish = await bot.Slack.WaitForAsync(c => c.Method == "views.publish");
        Assert.Equal("U_ALICE", publish.Str("user_id"));
        Assert.Equal(3, (await bot.Store.ListIncidentsAsync(new SshBot.Incidents.IncidentQuery(), TestContext.Current.CancellationToken)).Count);
        var view = string.Join("\n", publish.Body["view"]!["blocks"]!.AsArray().Select(b => b!["text"]!["text"]!.GetValue<string>()));
        Assert.Contains("web-01:22", view, StringComparison.Ordinal);
        Assert.DoesNotContain("web-02", view, StringComparison.Ordinal);
        Assert.DoesNotContain("2222", view, StringComparison.Ordinal);
        SlackLimits.AssertAllWithin(bot.Slack.Drain());
    }

    [Fact]
    public async Task SomeoneWhoNeverAskedSeesHowToStart()
    {
        await using var bot = await BotServer.StartAsync();

        await bot.PostSignedAsync("/api/slack/events", HomeOpened("EvHome", "U_NEW"));

        var publish = await bot.Slack.WaitForAsync(c => c.Method == "views.publish");
        Assert.Contains("No incidents yet", publish.Body["view"]!.ToJsonString(), StringComparison.Ordinal);
        SlackLimits.AssertWithin(publish);
    }
}
