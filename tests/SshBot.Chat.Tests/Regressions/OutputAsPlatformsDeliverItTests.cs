using System.Net.Http.Headers;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents;

namespace SshBot.Chat.Tests.Regressions;

/// <summary>
/// What engineers paste, as Slack and Teams deliver it: host names turned into links, logs
/// escaped, quoted or fenced, Teams' HTML, and a single error line with or without a request.
/// Each reaches the real endpoints; the host is found, and the pasted output goes with the
/// diagnosis or is explained when no host was asked about.
/// </summary>
public sealed class OutputAsPlatformsDeliverItTests
{
    private static async Task<string> PastedObservationsAsync(IIncidentStore store, string host)
    {
        var incident = Assert.Single(await store.ListIncidentsAsync(new IncidentQuery(host), TestContext.Current.CancellationToken));
        var detail = await store.GetIncidentAsync(incident.Id, TestContext.Current.CancellationToken);
        return detail!.Diagnoses[0].ObservationsJson ?? "";
    }

    private static async Task SendToTeamsEndpointAsync(BotServer bot, FakeBotFramework teams, string activity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", teams.Token());
        using var response = await bot.Http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    [Theory]
    [InlineData("can't ssh to <http://web-01.example.com|web-01.example.com>", "web-01.example.com")]
    [InlineData("can't ssh to <mailto:deploy@web-01.example.com|deploy@web-01.example.com>", "deploy@web-01.example.com")]
    public async Task AHostSlackTurnedIntoALinkIsStillTheHost(string text, string target)
    {
        await using var bot = await BotServer.StartAsync();

        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvLinked", text));

        var first = await bot.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        // Code-formatted in the reply, so that Slack does not make it a link again.
        Assert.Equal($"Looking at `{target}`…", first.Text);
        await bot.WaitFinishedAsync("slack:EvLinked");
        Assert.Equal(1, bot.Runner.Runs);
    }

    [Fact]
    public async Task AnEscapedQuotedLogUnderARequestGoesWithTheDiagnosis()
    {
        await using var bot = await BotServer.StartAsync();
        const string text = "can't ssh to web-01\\n&gt; debug1: Connecting to web-01 [10.1.2.3] port 22.\\n&gt; debug1: connect to address 10.1.2.3 port 22: Connection timed out";

        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvQuoted", text));

        await bot.WaitFinishedAsync("slack:EvQuoted");
        Assert.Equal(1, bot.Runner.Runs);
        Assert.Contains("connection-timed-out", await PastedObservationsAsync(bot.Store, "web-01"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFencedErrorWithNoRequestIsExplainedNotProbed()
    {
        await using var bot = await BotServer.StartAsync();
        const string text = "```git@web-01.example.com: Permission denied (publickey).\\nfatal: Could not read from remote repository.```";

        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvFenced", text));

        var answer = await bot.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        Assert.StartsWith("From your paste: ", answer.Text, StringComparison.Ordinal);
        Assert.Contains("auth-publickey-denied", answer.Text, StringComparison.Ordinal);
        await bot.WaitFinishedAsync("slack:EvFenced");
        Assert.Equal(0, bot.Runner.Runs);
    }

    [Fact]
    public async Task TeamsHtmlWithACodeBlockIsARequestAndItsPasteGoesWithTheDiagnosis()
    {
        await using var teams = await FakeBotFramework.StartAsync();
        await using var bot = await BotServer.StartAsync(extra: teams.Settings);
        var html = "<at>SshBot</at> <p>can&#39;t ssh to web-01</p><pre><code>deploy@web-01: Permission denied (publickey).</code></pre>";

        await SendToTeamsEndpointAsync(bot, teams, teams.Activity(html));

        await bot.WaitFinishedAsync("teams:act-1");
        Assert.Equal(1, bot.Runner.Runs);
        Assert.Contains("permission-denied", await PastedObservationsAsync(bot.Store, "web-01"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeamsHtmlCopyOfAMessageIsWhatIsRead()
    {
        await using var teams = await FakeBotFramework.StartAsync();
        await using var bot = await BotServer.StartAsync(extra: teams.Settings);
        // The text without the pasted block; the HTML copy of the message holds it.
        var activity = System.Text.Json.Nodes.JsonNode.Parse(teams.Activity("<at>SshBot</at> can't ssh to web-01"))!.AsObject();
        activity["attachments"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
        {
            ["contentType"] = "text/html",
            ["content"] = "<div><div itemprop=\"copy-paste-block\"><p><at id=\"0\">SshBot</at> can't ssh to web-01</p><pre>debug1: Connecting to web-01 [10.1.2.3] port 22.\ndebug1: connect to address 10.1.2.3 port 22: Connection timed out</pre></div></div>",
        });

        await SendToTeamsEndpointAsync(bot, teams, activity.ToJsonString());

        await bot.WaitFinishedAsync("teams:act-1");
        Assert.Equal(1, bot.Runner.Runs);
        Assert.Contains("connection-timed-out", await PastedObservationsAsync(bot.Store, "web-01"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneLineOfOutputInARequestGoesWithTheDiagnosis()
    {
        await using var world = await ChatWorld.CreateAsync();

        await world.SayAsync("can't ssh to web-01: Permission denied (publickey).");

        Assert.Equal(1, world.Runner.Runs);
        Assert.Contains("permission-denied", await PastedObservationsAsync(world.Store, "web-01"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Network error: Connection timed out", "firewall-silent-drop")]
    [InlineData("<@U0BOT> Host key verification failed.", "host-key")]
    public async Task OutputThatNamesNoHostIsExplained(string text, string article)
    {
        await using var world = await ChatWorld.CreateAsync();

        await world.SayAsync(text);

        Assert.Equal(0, world.Runner.Runs);
        var card = Assert.Single(world.Channel.Sent).Card;
        Assert.StartsWith("From your paste: ", card.Summary, StringComparison.Ordinal);
        Assert.Contains(article, card.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACiLogWithStampsColoursAndAPromptIsExplainedNotProbed()
    {
        await using var bot = await BotServer.StartAsync();
        // A CI job's log as copied: a stamp and colour codes on each line, zsh's prompt before the
        // command. JSON escapes, as Slack sends them.
        const string text = "```2024-05-01T10:00:01.2234567Z ops@runner ~ % ssh -p 2222 deploy@web-01\\n"
            + "2024-05-01T10:00:02.0012345Z \\u001b[31mssh: connect to host web-01 port 2222: Connection refused\\u001b[0m\\n"
            + "2024-05-01T10:00:02.0023456Z ##[error]Process completed with exit code 255.```";

        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvCiLog", text));

        var answer = await bot.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        Assert.StartsWith("From your paste: ", answer.Text, StringComparison.Ordinal);
        Assert.Contains("(sshd-not-listening)", answer.Text, StringComparison.Ordinal);
        await bot.WaitFinishedAsync("slack:EvCiLog");
        Assert.Equal(0, bot.Runner.Runs);
    }

    [Fact]
    public async Task AMaskedAddressIsNeverProbed()
    {
        await using var bot = await BotServer.StartAsync();

        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvMasked", "can't ssh to 192.168.x.x"));

        var answer = await bot.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        Assert.Contains("masked address", answer.Text, StringComparison.Ordinal);
        await bot.WaitFinishedAsync("slack:EvMasked");
        Assert.Equal(0, bot.Runner.Runs);
    }
}
