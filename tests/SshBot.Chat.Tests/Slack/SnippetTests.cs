using System.Text.Json;
using System.Text.Json.Nodes;
using SshBot.Chat.Slack;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents;

namespace SshBot.Chat.Tests.Slack;

/// <summary>
/// A long paste in Slack becomes a snippet: the message's text is only the words around it and the
/// log is a file. Through the real events endpoint and a fake Slack serving the file, the log is
/// read with the bot token, from Slack's file host only, and goes with the request.
/// </summary>
public sealed class SnippetTests
{
    private const string Log = """
        OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 3 Sep 2024
        debug1: Connecting to web-01 [10.1.2.3] port 22.
        debug1: Connection established.
        debug1: Authentications that can continue: publickey
        debug1: Offering public key: /home/alice/.ssh/id_ed25519 ED25519 SHA256:abc
        debug1: Authentications that can continue: publickey
        deploy@web-01: Permission denied (publickey).
        """;

    private static JsonObject File(string url, string mode = "snippet", string mimetype = "text/plain", string name = "ssh-v.txt") => new()
    {
        ["id"] = "F1", ["name"] = name, ["mode"] = mode, ["mimetype"] = mimetype, ["filetype"] = "text", ["size"] = Log.Length, ["url_private"] = url,
    };

    private static string Event(string eventId, string text, JsonArray files, string type = "app_mention", string? subtype = null, string channelType = "channel")
    {
        var e = new JsonObject
        {
            ["type"] = type, ["user"] = "U_ALICE", ["text"] = text, ["ts"] = "1700000000.000100", ["channel"] = "C1", ["channel_type"] = channelType, ["files"] = files,
        };
        if (subtype is not null)
        {
            e["subtype"] = subtype;
        }

        return new JsonObject { ["team_id"] = "T1", ["type"] = "event_callback", ["event_id"] = eventId, ["event"] = e }.ToJsonString();
    }

    [Fact]
    public async Task ASnippetUnderARequestIsReadWithTheBotTokenAndGoesWithTheDiagnosis()
    {
        await using var bot = await BotServer.StartAsync();
        bot.Slack.Files["T1/F1/ssh-v.txt"] = Log;

        await bot.PostSignedAsync("/api/slack/events", Event("EvSnippet", "<@U0BOT> can't ssh to web-01", [File(bot.Slack.FilesUrl + "T1/F1/ssh-v.txt")]));

        await bot.WaitFinishedAsync("slack:EvSnippet");
        Assert.Equal(1, bot.Runner.Runs);
        Assert.Equal(("T1/F1/ssh-v.txt", "Bearer xoxb-test-token"), Assert.Single(bot.Slack.Downloads));
        var incident = Assert.Single(await bot.Store.ListIncidentsAsync(new IncidentQuery("web-01"), TestContext.Current.CancellationToken));
        var detail = await bot.Store.GetIncidentAsync(incident.Id, TestContext.Current.CancellationToken);
        Assert.Contains("permission-denied", detail!.Diagnoses[0].ObservationsJson ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASnippetAloneInADirectMessageIsExplained()
    {
        await using var bot = await BotServer.StartAsync();
        bot.Slack.Files["T1/F1/ssh-v.txt"] = Log;

        await bot.PostSignedAsync("/api/slack/events", Event("EvDm", "", [File(bot.Slack.FilesUrl + "T1/F1/ssh-v.txt")], type: "message", subtype: "file_share", channelType: "im"));

        var answer = await bot.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        Assert.StartsWith("From your paste: ", answer.Text, StringComparison.Ordinal);
        Assert.Contains("auth-publickey-denied", answer.Text, StringComparison.Ordinal);
        Assert.Equal(0, bot.Runner.Runs);
    }

    [Theory]
    [InlineData("outside")]
    [InlineData("sign-in page")]
    [InlineData("missing")]
    [InlineData("redirect")]
    public async Task AFileTheBotMayNotOrCannotReadIsNamedAndTheRequestGoesOnWithoutIt(string where)
    {
        await using var bot = await BotServer.StartAsync();
        var url = where switch
        {
            "outside" => bot.Slack.OutsideUrl("T1/F1/ssh-v.txt"),
            "sign-in page" => bot.Slack.FilesUrl + "html/T1/F1/ssh-v.txt",
            "redirect" => bot.Slack.FilesUrl + "redirect/T1/F1/ssh-v.txt",
            _ => bot.Slack.FilesUrl + "T1/F9/gone.txt",
        };

        await bot.PostSignedAsync("/api/slack/events", Event("EvUnread", "<@U0BOT> can't ssh to web-01", [File(url)]));

        await bot.WaitFinishedAsync("slack:EvUnread");
        var calls = bot.Slack.Drain();
        var notice = Assert.Single(calls, c => c.Text.StartsWith("I could not read the attached file", StringComparison.Ordinal));
        Assert.Contains("ssh-v.txt", notice.Text, StringComparison.Ordinal);
        Assert.Contains("files:read", notice.Text, StringComparison.Ordinal);
        Assert.Equal(1, bot.Runner.Runs);
        Assert.DoesNotContain(calls, c => c.Method == "outside");
        Assert.Equal(where == "outside" ? 0 : 1, bot.Slack.Downloads.Count);
    }

    [Fact]
    public async Task InTheBotsThreadASnippetWithALogIsDiagnosedAndAFileItCannotReadGetsNoWord()
    {
        await using var bot = await BotServer.StartAsync();
        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvFirst", "can't ssh to web-01"));
        await bot.WaitFinishedAsync("slack:EvFirst");
        bot.Slack.Files["T1/F1/ssh-v.txt"] = Log;
        string Shared(string url) => $$""","subtype":"file_share","files":{{new JsonArray(File(url)).ToJsonString()}}""";

        await bot.PostSignedAsync("/api/slack/events", ThreadReplyTests.ChannelMessage("EvReplyLog", "", extra: Shared(bot.Slack.FilesUrl + "T1/F1/ssh-v.txt")));
        await bot.WaitFinishedAsync("slack:EvReplyLog");
        await bot.PostSignedAsync("/api/slack/events", ThreadReplyTests.ChannelMessage("EvReplyOther", "our notes", ts: "1700000060.000300", extra: Shared(bot.Slack.FilesUrl + "html/T1/F2/notes.txt")));
        await bot.WaitFinishedAsync("slack:EvReplyOther");

        Assert.Equal(2, bot.Runner.Runs);
        Assert.DoesNotContain(bot.Slack.Drain(), c => c.Text.StartsWith("I could not read", StringComparison.Ordinal));
        Assert.Equal(2, bot.Slack.Downloads.Count);
    }

    [Fact]
    public void OnlyTextFilesAreTakenAtMostThreeAndOnlyFromSlacksFileHost()
    {
        var files = new JsonArray(
            File("https://files.slack.com/files-pri/T1-F1/ssh-v.txt"),
            File("https://files.slack.com/files-pri/T1-F2/screenshot.png", mode: "hosted", mimetype: "image/png", name: "screenshot.png"),
            File("https://files.slack.com/files-pri/T1-F3/a.log", mode: "hosted", mimetype: "text/x-log", name: "a.log"),
            File("https://files.slack.com/files-pri/T1-F4/b.txt", name: "b.txt"),
            File("https://files.slack.com/files-pri/T1-F5/c.txt", name: "c.txt"));
        files[1]!["filetype"] = "png";
        using var message = JsonDocument.Parse(new JsonObject { ["files"] = files }.ToJsonString());

        Assert.Equal(["ssh-v.txt", "a.log", "b.txt"], SlackFiles.Attached(message.RootElement).Select(f => f.Name));

        var options = new SlackOptions();
        Assert.True(SlackFiles.TryAccept("https://files.slack.com/files-pri/T1-F1/ssh-v.txt", options, out _));
        Assert.False(SlackFiles.TryAccept("http://files.slack.com/files-pri/T1-F1/ssh-v.txt", options, out _));
        Assert.False(SlackFiles.TryAccept("https://files.slack.com:8443/files-pri/T1-F1/ssh-v.txt", options, out _));
        Assert.False(SlackFiles.TryAccept("https://files.slack.com.evil.example/x", options, out _));
        Assert.False(SlackFiles.TryAccept("https://user@files.slack.com/x", options, out _));
        Assert.False(SlackFiles.TryAccept("https://hooks.slack.com/x", options, out _));
        Assert.False(SlackFiles.TryAccept("file:///etc/passwd", options, out _));
    }
}
