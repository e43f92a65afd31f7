using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SshBot.Chat.Hosting;
using SshBot.Chat.Slack;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents;

namespace SshBot.Chat.Tests.Slack;

/// <summary>SECURITY.md 16 and 19: forged, stale, replayed and malformed requests do no work.</summary>
public sealed class ForgedRequestTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly string Body = BotServer.MentionEvent("EvForged", "can't ssh to web-01");

    public static TheoryData<string> Forgeries => new()
    {
        "wrong secret", "no signature", "no timestamp", "no headers", "six minutes old", "six minutes ahead",
        "v1 signature", "re-serialised body", "signature of another body", "garbage signature",
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task AForgedOrStaleRequestIsUnauthorizedAndDoesNoWork(string forgery)
    {
        await using var bot = await BotServer.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var ts = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var body = Body;
        string? timestamp = ts;
        string? signature = SlackSignature.Sign(BotServer.Secret, ts, Encoding.UTF8.GetBytes(Body));
        switch (forgery)
        {
            case "wrong secret":
                signature = SlackSignature.Sign("not-the-secret", ts, Encoding.UTF8.GetBytes(Body));
                break;
            case "no signature":
                signature = null;
                break;
            case "no timestamp":
                timestamp = null;
                break;
            case "no headers":
                (timestamp, signature) = (null, null);
                break;
            case "six minutes old" or "six minutes ahead":
                timestamp = now.AddMinutes(forgery.EndsWith("old", StringComparison.Ordinal) ? -6 : 6).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                signature = SlackSignature.Sign(BotServer.Secret, timestamp, Encoding.UTF8.GetBytes(Body));
                break;
            case "v1 signature":
                signature = "v1=" + signature[3..];
                break;
            case "re-serialised body":
                body = JsonSerializer.Serialize(JsonDocument.Parse(Body).RootElement, Indented);
                break;
            case "signature of another body":
                body = Body.Replace("web-01", "web-02", StringComparison.Ordinal);
                break;
            case "garbage signature":
                signature = "v0=" + new string('z', 64);
                break;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (timestamp is not null)
        {
            request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        }

        if (signature is not null)
        {
            request.Headers.Add("X-Slack-Signature", signature);
        }

        var response = await bot.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNoWork(bot);
    }

    [Theory]
    [InlineData("/api/slack/events")]
    [InlineData("/api/slack/interactions")]
    [InlineData("/api/slack/commands")]
    public async Task EveryEndpointRefusesUnsignedRequests(string path)
    {
        await using var bot = await BotServer.StartAsync();

        var response = await bot.Http.PostAsync(path, new StringContent("text=web-01", Encoding.UTF8, "application/x-www-form-urlencoded"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("""{"type":"event_callback","event_id":"EvT","event":{"type":"app_ment""")]
    [InlineData("""{"type":"event_callback"}""")]
    [InlineData("[1,2,3]")]
    public async Task ASignedBodyThatIsNotAnEventIsRefusedCleanly(string body)
    {
        await using var bot = await BotServer.StartAsync();

        var response = await bot.PostSignedAsync("/api/slack/events", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNoWork(bot);
    }

    [Fact]
    public async Task ATenMegabyteBodyIsRefusedUnread()
    {
        await using var bot = await BotServer.StartAsync();
        var huge = "{\"type\":\"event_callback\",\"pad\":\"" + new string('a', 10 * 1024 * 1024) + "\"}";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/events") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Sign(BotServer.Secret, timestamp, Encoding.UTF8.GetBytes(huge)));
        // The server answers without reading the body and closes the connection; a client that
        // wants that answer before sending 10 MB asks first, as curl does for large bodies.
        request.Headers.ExpectContinue = true;

        var response = await bot.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNoWork(bot);
    }

    [Fact]
    public async Task AHalfConfiguredSlackStopsStartUpNamingTheMissingKey()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sshbot-half-" + Guid.NewGuid().ToString("N"));
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            ChatServer.BuildAsync(["--urls", "http://127.0.0.1:0", "--Slack:SigningSecret=abc", $"--Storage:DataDirectory={dir}"], ct: TestContext.Current.CancellationToken));

        Assert.Contains("Slack:BotToken", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", error.Message, StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }

    private static async Task AssertNoWork(BotServer bot)
    {
        // A signed request after the refused one: once its card arrives, the refused one had its chance.
        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvAfter", "can't ssh to web-01"));
        await bot.Slack.WaitForAsync(c => c.Method == "chat.update" && c.Text.Contains("Nothing listens", StringComparison.Ordinal));
        Assert.Equal(1, bot.Runner.Runs);
        Assert.Single(bot.Slack.Drain(), c => c.Method == "chat.postMessage");
        var incident = Assert.Single(await bot.Store.ListIncidentsAsync(new IncidentQuery(), TestContext.Current.CancellationToken));
        Assert.Equal("slack:EvAfter", (await bot.Store.GetIncidentAsync(incident.Id, TestContext.Current.CancellationToken))!.Requests.Single().IdempotencyKey);
    }
}
