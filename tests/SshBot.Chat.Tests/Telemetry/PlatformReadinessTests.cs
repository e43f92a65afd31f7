using System.Net;
using System.Text.Json.Nodes;
using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Telemetry;

/// <summary>Readiness of the chat platforms, from what the bot last heard from them.</summary>
public sealed class PlatformReadinessTests
{
    [Fact]
    public async Task ReadinessFailsOnceSlackRefusesTheBotsTokenAndNamesSlack()
    {
        await using var bot = await BotServer.StartAsync();
        bot.Slack.Fail(10, 401);

        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvBadToken", "can't ssh to web-01"));
        await bot.WaitFinishedAsync("slack:EvBadToken");
        var ready = await bot.Http.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var platforms = body["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "platforms")!;
        Assert.Equal("unhealthy", platforms["status"]!.GetValue<string>());
        Assert.Contains("slack: last call answered 401", platforms["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
