using System.Net;
using System.Text.Json.Nodes;
using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Telemetry;

/// <summary>In Socket Mode the bot hears nothing unless its socket is up: readiness follows the connection.</summary>
public sealed class SocketModeReadinessTests
{
    [Fact]
    public async Task ReadinessFailsUntilSocketModeIsConnectedPassesWhileItIsAndFailsAgainWhenItDrops()
    {
        await using var bot = await BotServer.StartAsync(extra: new Dictionary<string, string?>
        {
            ["Slack:AppToken"] = FakeSocketMode.AppToken,
            ["Slack:RetryBaseDelay"] = "00:00:00.100",
        });
        var first = await bot.Slack.SocketMode.ConnectionAsync(1);
        var before = await ReadyAsync(bot);

        await first.SendAsync(new JsonObject { ["type"] = "hello", ["num_connections"] = 1 });
        // Envelopes are read in order: once this one is acknowledged, the hello before it was handled.
        await first.SendEnvelopeAsync("events_api", JsonNode.Parse(BotServer.MentionEvent("EvReady", "hello"))!, "env-ready");
        var connected = await ReadyAsync(bot);
        await first.CloseAsync();
        await first.Closed.Task.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        // The bot records the drop before it opens its next connection; that next connection has had no hello.
        await bot.Slack.SocketMode.OpenAsync(2);
        var dropped = await ReadyAsync(bot);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.Status);
        Assert.Contains("slack socket mode: not connected yet", before.Platforms, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, connected.Status);
        Assert.Contains("slack socket mode: connected", connected.Platforms, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, dropped.Status);
        Assert.Contains("slack socket mode: not connected: the connection dropped", dropped.Platforms, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string Platforms)> ReadyAsync(BotServer bot)
    {
        var response = await bot.Http.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        var platforms = body["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "platforms")!;
        return (response.StatusCode, platforms["description"]!.GetValue<string>());
    }
}
