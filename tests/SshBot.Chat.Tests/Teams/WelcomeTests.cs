using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SshBot.Chat.Cards;
using SshBot.Chat.Teams;
using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Teams;

/// <summary>Adding the bot to a team or chat posts one welcome card there, through the real host and a fake Bot Connector.</summary>
public sealed class WelcomeTests
{
    private const string WelcomeKey = "teams:welcome:19:team-conv";

    private static async Task<HttpStatusCode> SendAsync(BotServer bot, FakeBotFramework teams, string activity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", teams.Token());
        using var response = await bot.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static bool IsWelcome(ConnectorCall c) => c.Path == "/v3/conversations/19:team-conv/activities";

    private static string CardText(ConnectorCall call) =>
        string.Concat(call.Body["attachments"]![0]!["content"]!["body"]!.AsArray()
            .SelectMany(b => b!["inlines"]?.AsArray() ?? [])
            .Select(i => i!["text"]!.GetValue<string>()));

    [Fact]
    public async Task AddingTheBotPostsAWelcomeThatSaysWhatItDoesItsCommandsAndWhereTheKnowledgeBaseIs()
    {
        await using var teams = await FakeBotFramework.StartAsync();
        var settings = teams.Settings;
        settings["Teams:KnowledgeBaseUrl"] = "https://wiki.example.com/sshbot/kb";
        await using var bot = await BotServer.StartAsync(extra: settings);

        Assert.Equal(HttpStatusCode.OK, await SendAsync(bot, teams, teams.Added()));

        var welcome = await teams.WaitForAsync(IsWelcome);
        var text = CardText(welcome);
        Assert.Equal("message", welcome.Body["type"]!.GetValue<string>());
        Assert.Null(welcome.Body["replyToId"]);
        Assert.Contains("can't ssh to web-01", text, StringComparison.Ordinal);
        Assert.Contains("kb list", text, StringComparison.Ordinal);
        Assert.Contains("https://wiki.example.com/sshbot/kb", text, StringComparison.Ordinal);
        Assert.Contains("quote the fix", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARetriedAddAndTheInstallationUpdateOfTheSameInstallWelcomeOnce()
    {
        await using var teams = await FakeBotFramework.StartAsync();
        await using var bot = await BotServer.StartAsync(extra: teams.Settings);

        // Teams announces one install twice (conversationUpdate and installationUpdate) and retries deliveries.
        Assert.Equal(HttpStatusCode.OK, await SendAsync(bot, teams, teams.Added()));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(bot, teams, teams.Added()));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(bot, teams, teams.Added(type: "installationUpdate", id: "add-2")));
        await bot.WaitFinishedAsync(WelcomeKey);

        // Every 200 above came after the store had kept or refused the request, so nothing else can follow.
        Assert.Single(teams.Drain(), IsWelcome);
    }

    [Theory]
    [InlineData("someone else joined")]
    [InlineData("the bot was removed")]
    public async Task OnlyTheBotBeingAddedIsWelcomed(string change)
    {
        await using var teams = await FakeBotFramework.StartAsync();
        var activity = JsonNode.Parse(change == "someone else joined" ? teams.Added(added: "29:carol") : teams.Added(type: "installationUpdate"))!.AsObject();
        if (change == "the bot was removed")
        {
            activity["action"] = "remove";
        }

        using var json = JsonDocument.Parse(activity.ToJsonString());
        var parsed = TeamsActivity.From(json.RootElement);

        Assert.Null(parsed.Welcome);
        Assert.Null(parsed.Message);
    }

    [Fact]
    public void TheKnowledgeBaseAddressOnTheWelcomeIsEscapedLikeEveryOtherField()
    {
        var card = TeamsCardRenderer.Activity(TeamsWelcomeCard.Create("https://wiki.example.com/kb?x=<at>everyone</at>&y=[click](javascript:alert(1))"));

        var runs = card["attachments"]![0]!["content"]!["body"]!.AsArray()
            .SelectMany(b => b!["inlines"]?.AsArray() ?? []).ToList();
        var link = runs.Where(r => r!["text"]!.GetValue<string>().Contains("wiki.example.com", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(link);
        Assert.All(link, r => Assert.Equal("Monospace", r!["fontType"]?.GetValue<string>()));
        Assert.DoesNotContain("<at>", card.ToJsonString(), StringComparison.Ordinal);
    }
}
