using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Regressions;

/// <summary>
/// Pinned after the shipped systemd unit made kb/ read-only: `kb add` from chat failed writing the
/// file and the admin got no answer. Edits now go to the incident store; the folder is never written.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReadOnlyKnowledgeBaseFolderTests
{
    [Fact]
    public async Task KbAddFromChatIsAnsweredAndServedWhenTheServersKnowledgeBaseFolderIsReadOnly()
    {
        using var kb = new KbFolderCopy();
        kb.MakeUnwritable();
        var before = kb.Contents();
        await using var bot = await BotServer.StartAsync(extra: new Dictionary<string, string?> { ["Kb:Directory"] = kb.Path });
        var article = File.ReadAllText(Path.Combine(kb.Path, "healthy.md")).Replace("id: healthy", "id: pinned-cause", StringComparison.Ordinal)
            .Replace("title: ", "title: Pinned ", StringComparison.Ordinal);
        var body = new JsonObject
        {
            ["type"] = "event_callback",
            ["team_id"] = "T1",
            ["event_id"] = "EvReadOnly",
            ["event"] = new JsonObject { ["type"] = "app_mention", ["user"] = "U_ADMIN", ["text"] = "<@U0BOT> kb add\n" + article, ["ts"] = "1700000000.000300", ["channel"] = "C1" },
        };

        await bot.PostSignedAsync("/api/slack/events", body.ToJsonString());
        var reply = await bot.Slack.WaitForAsync(c => c.Str("thread_ts") == "1700000000.000300").WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        var health = await bot.Http.GetFromJsonAsync<JsonObject>("/health", TestContext.Current.CancellationToken);

        Assert.Equal("Added pinned-cause (revision 1).", reply.Text);
        Assert.StartsWith("r1-", health!["knowledgeBase"]!["version"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, kb.Contents());
    }
}
