using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SshBot.Chat.Hosting;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents;

namespace SshBot.Chat.Tests.Slack;

/// <summary>The real host in Socket Mode against a fake Slack on loopback that serves apps.connections.open, the WebSocket and chat.postMessage.</summary>
public sealed class SocketModeTests
{
    private static readonly Dictionary<string, string?> SocketMode = new()
    {
        ["Slack:AppToken"] = FakeSocketMode.AppToken,
        ["Slack:RetryBaseDelay"] = "00:00:00.100",
    };

    private static JsonObject Hello => new() { ["type"] = "hello", ["num_connections"] = 1, ["connection_info"] = new JsonObject { ["app_id"] = "A1" } };

    private static bool IsFinal(SlackCall c) => c.Method == "chat.update" && c.Text.Contains("Nothing listens", StringComparison.Ordinal);

    [Fact]
    public async Task AnEventIsAcknowledgedAnsweredInItsThreadAndADisconnectOpensANewConnection()
    {
        await using var bot = await BotServer.StartAsync(extra: SocketMode);
        var first = await bot.Slack.SocketMode.ConnectionAsync(1);
        await first.SendAsync(Hello);

        var ack = await first.SendEnvelopeAsync("events_api", JsonNode.Parse(BotServer.MentionEvent("EvSock1", "can't ssh to web-01"))!, "env-1");

        Assert.Equal("""{"envelope_id":"env-1"}""", ack.ToJsonString());
        Assert.Equal("Bearer " + FakeSocketMode.AppToken, Assert.Single(bot.Slack.SocketMode.Opens));
        await bot.Slack.WaitForAsync(IsFinal);
        var reply = bot.Slack.Seen[0];
        Assert.Equal(("chat.postMessage", "Bearer xoxb-test-token", "C1", "1700000000.000100"), (reply.Method, reply.Authorization, reply.Str("channel"), reply.Str("thread_ts")));

        await first.SendAsync(new JsonObject { ["type"] = "disconnect", ["reason"] = "refresh_requested" });
        await first.Closed.Task.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        var second = await bot.Slack.SocketMode.ConnectionAsync(2);
        await second.SendAsync(Hello);
        var redelivery = JsonNode.Parse(BotServer.MentionEvent("EvSock1", "can't ssh to web-01"))!;
        var again = await second.SendEnvelopeAsync("events_api", redelivery, "env-2");
        await second.SendEnvelopeAsync("events_api", JsonNode.Parse(BotServer.MentionEvent("EvSock2", "can't ssh to web-02", ts: "1700000001.000200"))!, "env-3");

        Assert.Equal("env-2", again["envelope_id"]!.GetValue<string>());
        await bot.Slack.WaitForAsync(c => IsFinal(c) && c.Text.Contains("web-02", StringComparison.Ordinal));
        Assert.Equal(2, bot.Runner.Runs);
        Assert.Equal(["1700000000.000100", "1700000001.000200"], bot.Slack.Drain().Where(c => c.Method == "chat.postMessage").Select(c => c.Str("thread_ts")));
        Assert.Equal(2, (await bot.Store.ListIncidentsAsync(new IncidentQuery(), TestContext.Current.CancellationToken)).Count);
        Assert.Equal(2, bot.Slack.SocketMode.Opens.Count);
    }

    [Fact]
    public async Task ADroppedSocketIsReconnectedAfterABackOff()
    {
        await using var bot = await BotServer.StartAsync(extra: SocketMode);
        var first = await bot.Slack.SocketMode.ConnectionAsync(1);

        await first.CloseAsync();

        var second = await bot.Slack.SocketMode.ConnectionAsync(2);
        await second.SendAsync(Hello);
        await second.SendEnvelopeAsync("events_api", JsonNode.Parse(BotServer.MentionEvent("EvSock3", "can't ssh to web-01"))!, "env-1");
        await bot.Slack.WaitForAsync(IsFinal);
    }

    [Fact]
    public async Task AnAppTokenSlackRefusesIsTriedAgainWithGrowingWaitsWhileTheRestOfTheBotServes()
    {
        await using var bot = await BotServer.StartAsync(extra: new Dictionary<string, string?>(SocketMode) { ["Slack:AppToken"] = "xapp-1-revoked" });

        var opens = new List<SocketOpen>();
        for (var n = 1; n <= 4; n++)
        {
            opens.Add(await bot.Slack.SocketMode.OpenAsync(n));
        }

        var gaps = opens.Zip(opens.Skip(1), (a, b) => b.At - a.At).ToList();
        Assert.True(gaps[0] >= TimeSpan.FromMilliseconds(90), $"first wait {gaps[0]}");
        Assert.True(gaps[1] >= TimeSpan.FromMilliseconds(190), $"second wait {gaps[1]}");
        Assert.True(gaps[2] >= TimeSpan.FromMilliseconds(390), $"third wait {gaps[2]}");
        Assert.Equal(HttpStatusCode.OK, (await bot.Http.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
        var response = await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvHttp", "can't ssh to web-01"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await bot.Slack.WaitForAsync(IsFinal);
    }

    [Fact]
    public async Task NeitherTokenNorTheConnectionTicketEverReachesTheLogs()
    {
        using var logs = new CollectingLogs();
        await using (var bot = await BotServer.StartAsync(extra: SocketMode, logs: logs))
        {
            var socket = await bot.Slack.SocketMode.ConnectionAsync(1);
            await socket.SendAsync(Hello);
            await socket.SendEnvelopeAsync("events_api", JsonNode.Parse(BotServer.MentionEvent("EvLogs", "can't ssh to web-01"))!, "env-1");
            await bot.Slack.WaitForAsync(IsFinal);
            await socket.CloseAsync();
            await bot.Slack.SocketMode.ConnectionAsync(2);
        }

        await using (var refused = await BotServer.StartAsync(extra: new Dictionary<string, string?>(SocketMode) { ["Slack:AppToken"] = "xapp-1-revoked" }, logs: logs))
        {
            await refused.Slack.SocketMode.OpenAsync(2);
        }

        Assert.Contains(logs.Lines, l => l.Contains("Socket Mode connected", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("invalid_auth", StringComparison.Ordinal));
        Assert.All(logs.Lines, l =>
        {
            Assert.DoesNotContain(FakeSocketMode.AppToken, l, StringComparison.Ordinal);
            Assert.DoesNotContain("xapp-1-revoked", l, StringComparison.Ordinal);
            Assert.DoesNotContain("xoxb-test-token", l, StringComparison.Ordinal);
            Assert.DoesNotContain(BotServer.Secret, l, StringComparison.Ordinal);
            Assert.DoesNotContain("ticket=", l, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ASlashCommandAndAButtonArriveOverTheSocketToo()
    {
        await using var bot = await BotServer.StartAsync(extra: SocketMode);
        var socket = await bot.Slack.SocketMode.ConnectionAsync(1);
        await socket.SendAsync(Hello);

        var usage = await socket.SendEnvelopeAsync("slash_commands", new JsonObject { ["team_id"] = "T1", ["channel_id"] = "C9", ["user_id"] = "U_ALICE", ["command"] = "/sshdiag", ["text"] = "", ["trigger_id"] = "t-0" }, "env-usage");
        await socket.SendEnvelopeAsync("slash_commands", new JsonObject { ["team_id"] = "T1", ["channel_id"] = "C9", ["user_id"] = "U_ALICE", ["command"] = "/sshdiag", ["text"] = "web-01", ["trigger_id"] = "t-1" }, "env-cmd");

        Assert.StartsWith("Usage: /sshdiag HOST", usage["payload"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var final = await bot.Slack.WaitForAsync(IsFinal);
        Assert.Equal("C9", final.Str("channel"));
        var value = final.Body["blocks"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]![0]!["value"]!.GetValue<string>();
        var press = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = "U_ALICE", ["team_id"] = "T1" },
            ["team"] = new JsonObject { ["id"] = "T1" },
            ["channel"] = new JsonObject { ["id"] = "C9" },
            ["message"] = new JsonObject { ["ts"] = final.Str("ts") },
            ["trigger_id"] = "trig-2",
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = "sshbot_fixed", ["value"] = value, ["action_ts"] = "1700000100.2" }),
        };

        await socket.SendEnvelopeAsync("interactive", press, "env-press");

        await bot.Slack.WaitForAsync(c => c.Text.Contains("as fixed", StringComparison.Ordinal));
        var incident = Assert.Single(await bot.Store.ListIncidentsAsync(new IncidentQuery("web-01"), TestContext.Current.CancellationToken));
        Assert.Equal("slack:T1:U_ALICE", incident.Fix?.GivenBy);
    }

    [Fact]
    public async Task InSocketModeOnlyTheWebhooksAreOffWhenNoSigningSecretIsSet()
    {
        await using var bot = await BotServer.StartAsync(extra: new Dictionary<string, string?>(SocketMode) { ["Slack:SigningSecret"] = "" });
        var socket = await bot.Slack.SocketMode.ConnectionAsync(1);
        await socket.SendAsync(Hello);

        var response = await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvHttp", "can't ssh to web-01"));
        await socket.SendEnvelopeAsync("events_api", JsonNode.Parse(BotServer.MentionEvent("EvSock4", "can't ssh to web-01"))!, "env-1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await bot.Slack.WaitForAsync(IsFinal);
        Assert.Equal("slack:EvSock4", (await bot.Store.GetIncidentAsync(Assert.Single(await bot.Store.ListIncidentsAsync(new IncidentQuery(), TestContext.Current.CancellationToken)).Id, TestContext.Current.CancellationToken))!.Requests.Single().IdempotencyKey);
    }

    [Theory]
    [InlineData("--Slack:AppToken=xapp-1-secret", "Slack:BotToken")]
    [InlineData("--Slack:Mode=socket", "Slack:AppToken")]
    [InlineData("--Slack:Mode=sockets", "Slack:Mode")]
    public async Task AHalfConfiguredSocketModeStopsStartUpNamingTheMissingKey(string setting, string named)
    {
        var dir = Path.Combine(Path.GetTempPath(), "sshbot-half-" + Guid.NewGuid().ToString("N"));
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            ChatServer.BuildAsync(["--urls", "http://127.0.0.1:0", setting, $"--Storage:DataDirectory={dir}"], ct: TestContext.Current.CancellationToken));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("xapp-1-secret", error.Message, StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }
}
