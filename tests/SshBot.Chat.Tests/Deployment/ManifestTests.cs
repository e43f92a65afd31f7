using System.Buffers.Binary;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SshBot.Chat.Slack;
using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Deployment;

/// <summary>The Slack and Teams app manifests ask for what the bot handles, no more and no less.</summary>
public sealed class ManifestTests
{
    private const string HttpManifest = "infra/deploy/slack-app-manifest.yml";
    private const string SocketManifest = "infra/deploy/slack-app-manifest-socket-mode.yml";

    /// <summary>The bot scope each subscribed event needs, from Slack's event reference.</summary>
    private static readonly Dictionary<string, string> EventScopes = new()
    {
        ["app_mention"] = "app_mentions:read",
        ["message.im"] = "im:history",
        ["message.channels"] = "channels:history",
        ["message.groups"] = "groups:history",
        ["app_home_opened"] = "",
    };

    [Fact]
    public async Task TheSlackManifestsUrlsAreTheWebhooksTheBotServes()
    {
        var manifest = RepositoryFiles.Yaml(HttpManifest);
        var urls = new[]
        {
            ((List<object>)manifest.At("features", "slash_commands")!).Cast<Dictionary<object, object>>().Single().At("url"),
            manifest.At("settings", "event_subscriptions", "request_url"),
            manifest.At("settings", "interactivity", "request_url"),
        }.Select(u => new Uri(u!.ToString()!).AbsolutePath).ToList();
        await using var bot = await BotServer.StartAsync();

        foreach (var path in urls)
        {
            var unsigned = await bot.Http.PostAsync(path, new StringContent("{}"), TestContext.Current.CancellationToken);
            Assert.True(unsigned.StatusCode == HttpStatusCode.Unauthorized, $"{path} answered {unsigned.StatusCode}, not the webhook's 401 for an unsigned request");
        }

        Assert.Equal(["/api/slack/commands", "/api/slack/events", "/api/slack/interactions"], urls);
    }

    [Theory]
    [InlineData(HttpManifest)]
    [InlineData(SocketManifest)]
    public async Task TheSlackManifestsSlashCommandIsTheOneTheBotExplains(string file)
    {
        var command = ((List<object>)RepositoryFiles.Yaml(file).At("features", "slash_commands")!).Cast<Dictionary<object, object>>().Single().At("command")!.ToString()!;
        await using var bot = await BotServer.StartAsync();

        var usage = await bot.PostSignedAsync("/api/slack/commands", $"team_id=T1&channel_id=C9&user_id=U_ALICE&command={Uri.EscapeDataString(command)}&text=&trigger_id=t-1", "application/x-www-form-urlencoded");

        var shown = JsonNode.Parse(await usage.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("ephemeral", shown["response_type"]!.GetValue<string>());
        Assert.StartsWith($"Usage: {command} HOST", shown["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpManifest)]
    [InlineData(SocketManifest)]
    public void EverySubscribedEventIsOneTheBotAnswersAndTheScopesAreExactlyWhatItNeeds(string file)
    {
        var manifest = RepositoryFiles.Yaml(file);
        var events = manifest.Strings("settings", "event_subscriptions", "bot_events");

        Assert.NotEmpty(events);
        foreach (var name in events)
        {
            var parts = name.Split('.');
            var e = new JsonObject { ["type"] = parts[0], ["user"] = "U_ALICE", ["text"] = "can't ssh to web-01", ["ts"] = "1.2", ["channel"] = "C1" };
            if (parts.Length > 1)
            {
                // The payload's channel_type is singular: message.channels carries "channel".
                e["channel_type"] = parts[1] == "im" ? "im" : parts[1].TrimEnd('s');
            }

            if (parts[0] == "message" && parts[1] != "im")
            {
                // In channels the bot hears only replies in threads (its own, checked against the store).
                e["thread_ts"] = "1.1";
            }

            using var json = JsonDocument.Parse(e.ToJsonString());
            var answered = SlackMessages.FromEvent(json.RootElement, "T1", "Ev1", "U0BOT") is { User.IsBot: false }
                || SlackMessages.FromThreadReply(json.RootElement, "T1", "Ev1", "U0BOT") is not null
                || SlackMessages.FromHomeOpened(json.RootElement, "T1") is not null;
            Assert.True(answered, $"{file} subscribes to {name}, which the bot does not answer");
        }

        // chat:write to answer, commands for /sshdiag, files:read for the snippets a long paste becomes.
        var needed = events.Select(e => EventScopes[e]).Where(s => s.Length > 0).Append("chat:write").Append("commands").Append("files:read").Order().ToList();
        Assert.Equal(needed, manifest.Strings("oauth_config", "scopes", "bot").Order().ToList());
        Assert.Equal("true", manifest.At("settings", "interactivity", "is_enabled")?.ToString(), ignoreCase: true);
        Assert.Equal("true", manifest.At("features", "app_home", "messages_tab_enabled")?.ToString(), ignoreCase: true);
        Assert.Equal("true", manifest.At("features", "app_home", "home_tab_enabled")?.ToString(), ignoreCase: true);
        var shortcut = ((List<object>)manifest.At("features", "shortcuts")!).Cast<Dictionary<object, object>>().Single();
        Assert.Equal(("message", SlackShortcuts.DiagnoseThis), (shortcut.At("type")?.ToString(), shortcut.At("callback_id")?.ToString()));
        Assert.Equal(file == SocketManifest ? "true" : "false", manifest.At("settings", "socket_mode_enabled")?.ToString(), ignoreCase: true);
    }

    [Fact]
    public void TheTeamsManifestIsABotInEveryScopeWithItsIdsLeftAsPlaceholders()
    {
        var manifest = RepositoryFiles.Json("infra/deploy/teams/manifest.json");

        Assert.True(Version.Parse(manifest["manifestVersion"]!.GetValue<string>()) >= new Version(1, 16));
        Assert.Contains($"/v{manifest["manifestVersion"]!.GetValue<string>()}/", manifest["$schema"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("${{TEAMS_APP_ID}}", manifest["id"]!.GetValue<string>());
        var bot = manifest["bots"]!.AsArray().Single()!;
        Assert.Equal("${{BOT_APP_ID}}", bot["botId"]!.GetValue<string>());
        Assert.Equal(["personal", "team", "groupChat"], bot["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal((192, 192), PngSize("infra/deploy/teams/" + manifest["icons"]!["color"]!.GetValue<string>()));
        Assert.Equal((32, 32), PngSize("infra/deploy/teams/" + manifest["icons"]!["outline"]!.GetValue<string>()));
    }

    private static (int Width, int Height) PngSize(string file)
    {
        var bytes = File.ReadAllBytes(RepositoryFiles.PathOf(file));
        Assert.Equal(0x89, bytes[0]);
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
