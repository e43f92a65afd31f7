using SshBot.Chat.Tests.Support;
using SshBot.Incidents;

namespace SshBot.Chat.Tests.Work;

/// <summary>Slack refuses what the bot sends: the answer still reaches the thread, or the incident says why not.</summary>
public sealed class DeliveryTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACardSlackRefusesIsDeliveredAsPlainTextInTheSameMessageAndTheIncidentSaysSo()
    {
        await using var bot = await BotServer.StartAsync();
        bot.Slack.Refuse = call => call.Method == "chat.update" && call.HasButtons ? "invalid_blocks" : null;

        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvRefused", "can't ssh to web-01"));
        var text = await bot.Slack.WaitForAsync(c => c.Method == "chat.update" && c.Text.Contains("Nothing listens", StringComparison.Ordinal));
        await bot.WaitFinishedAsync("slack:EvRefused");

        Assert.Equal("1800000000.000001", text.Str("ts"));
        Assert.False(text.HasButtons);
        var events = await EventsAsync(bot);
        var delivered = Assert.Single(events, e => e.Kind == IncidentEventKinds.Delivered);
        Assert.Contains("as text: the card was refused", delivered.Text, StringComparison.Ordinal);
        Assert.Contains("invalid_blocks", delivered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenNothingCanBeDeliveredTheIncidentRecordsWhyAndTheWorkStillEnds()
    {
        await using var bot = await BotServer.StartAsync();
        bot.Slack.Refuse = call => call.Method == "chat.postMessage" ? "channel_not_found" : null;

        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvLost", "can't ssh to web-01"));
        await bot.WaitFinishedAsync("slack:EvLost");

        var events = await EventsAsync(bot);
        Assert.Equal([IncidentEventKinds.DeliveryFailed, IncidentEventKinds.DeliveryFailed], events.Select(e => e.Kind));
        Assert.All(events, e => Assert.Contains("channel_not_found", e.Text, StringComparison.Ordinal));
        var incident = Assert.Single(await bot.Store.ListIncidentsAsync(new IncidentQuery("web-01"), Ct));
        Assert.Equal("sshd-not-listening", incident.VerdictId);
    }

    private static async Task<IReadOnlyList<IncidentEvent>> EventsAsync(BotServer bot)
    {
        var incident = Assert.Single(await bot.Store.ListIncidentsAsync(new IncidentQuery("web-01"), Ct));
        return (await bot.Store.GetIncidentAsync(incident.Id, Ct))!.Events;
    }
}
