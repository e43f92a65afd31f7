using System.Text.Json.Nodes;
using SshBot.Chat.Slack;
using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Slack;

/// <summary>The "Diagnose this" message shortcut through the real interactions endpoint: the message's paste is explained in its thread.</summary>
public sealed class ShortcutTests
{
    private const string Paste = """
        $ ssh -v deploy@web-01
        OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 3 Sep 2024
        debug1: Connecting to web-01 [10.1.2.3] port 22.
        debug1: connect to address 10.1.2.3 port 22: Connection timed out
        ssh: connect to host web-01 port 22: Connection timed out
        """;

    private static JsonObject Shortcut(string text, string callbackId = SlackShortcuts.DiagnoseThis) => new()
    {
        ["type"] = "message_action",
        ["callback_id"] = callbackId,
        ["trigger_id"] = "trig-shortcut",
        ["action_ts"] = "1700000400.1",
        ["team"] = new JsonObject { ["id"] = "T1" },
        ["user"] = new JsonObject { ["id"] = "U_BOB", ["team_id"] = "T1" },
        ["channel"] = new JsonObject { ["id"] = "C1" },
        ["message"] = new JsonObject { ["type"] = "message", ["user"] = "U_ALICE", ["ts"] = "1700000390.000500", ["text"] = text },
        ["response_url"] = "https://hooks.slack.com/app/T1/1/x",
    };

    private static Task<HttpResponseMessage> SendAsync(BotServer bot, JsonObject payload) =>
        bot.PostSignedAsync("/api/slack/interactions", "payload=" + Uri.EscapeDataString(payload.ToJsonString()), "application/x-www-form-urlencoded");

    [Fact]
    public async Task DiagnoseThisExplainsThePastedErrorInThatMessagesThread()
    {
        await using var bot = await BotServer.StartAsync();

        var response = await SendAsync(bot, Shortcut(Paste));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var answer = await bot.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        Assert.Equal(("C1", "1700000390.000500"), (answer.Str("channel"), answer.Str("thread_ts")));
        Assert.StartsWith("From your paste: ", answer.Text, StringComparison.Ordinal);
        Assert.Contains(answer.Body["blocks"]!.AsArray(), b => b!["type"]!.GetValue<string>() == "actions");
        Assert.Equal(0, bot.Runner.Runs);
        SlackLimits.AssertAllWithin(bot.Slack.Drain());
    }

    [Fact]
    public async Task AnotherAppsShortcutIsIgnored()
    {
        await using var bot = await BotServer.StartAsync();

        await SendAsync(bot, Shortcut(Paste, callbackId: "someone_elses"));
        await SendAsync(bot, Shortcut("can't ssh to web-01"));

        var first = await bot.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        Assert.Equal("Looking at web-01…", first.Text);
        await bot.WaitFinishedAsync("slack:shortcut-trig-shortcut");
        Assert.DoesNotContain(bot.Slack.Drain(), c => c.Text.StartsWith("From your paste", StringComparison.Ordinal));
    }
}
