using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using SshBot.Chat.Slack;
using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Regressions;

/// <summary>
/// Issue 16 item 6 (SECURITY.md 19), through the real endpoints: signed Slack form bodies with a
/// missing field were an unhandled 500, a forged Teams token with a bad body was 400 (the body
/// was parsed before the token was checked). Every endpoint refuses bad bodies with a 4xx and
/// does no work.
/// </summary>
public sealed class BadBodiesTests
{
    private static readonly string[] CommandFields = ["team_id", "user_id", "channel_id", "trigger_id", "text"];

    public static TheoryData<string> MissingCommandFields => new(CommandFields);

    [Theory]
    [MemberData(nameof(MissingCommandFields))]
    public async Task ASignedSlashCommandMissingAFieldSlackAlwaysSendsIsBadRequest(string missing)
    {
        await using var bot = await BotServer.StartAsync();
        var fields = new Dictionary<string, string>
        {
            ["team_id"] = "T1", ["user_id"] = "U_ALICE", ["channel_id"] = "C1", ["trigger_id"] = "trig-1", ["text"] = "web-01", ["command"] = "/sshdiag",
        };
        fields.Remove(missing);

        var response = await bot.PostSignedAsync("/api/slack/commands", Form(fields), "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, bot.Runner.Runs);
    }

    [Theory]
    [InlineData("")]
    [InlineData("token=x&team_id=T1")]
    [InlineData("payload=not-json")]
    [InlineData("payload=%7B%22type%22%3A%22block_act")]
    [InlineData("payload=%5B1%2C2%5D")]
    [InlineData("payload=%22a%20string%22")]
    [InlineData("payload=%7B%7D&payload=%7B%7D")]
    public async Task ASignedInteractionWithoutAJsonPayloadObjectIsBadRequest(string body)
    {
        await using var bot = await BotServer.StartAsync();

        var response = await bot.PostSignedAsync("/api/slack/interactions", body, "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, bot.Runner.Runs);
    }

    [Theory]
    [InlineData("forged", "this is not json")]
    [InlineData("forged", "{\"type\":\"message\",")]
    [InlineData("forged", "")]
    [InlineData("none", "{\"type\":\"message\",")]
    [InlineData("garbage", "[1,2,3]")]
    public async Task ATeamsRequestWithABadTokenAndABadBodyIsUnauthorized(string token, string body)
    {
        await using var teams = await FakeBotFramework.StartAsync();
        await using var bot = await BotServer.StartAsync(extra: teams.Settings);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token != "none")
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token == "forged"
                ? teams.Token(credentials: new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = teams.Kid }, SecurityAlgorithms.RsaSha256))
                : "not.a.jwt");
        }

        var response = await bot.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, bot.Runner.Runs);
    }

    public static TheoryData<string, string> EndpointsAndBadBodies
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var endpoint in new[] { "/api/slack/events", "/api/slack/interactions", "/api/slack/commands", "/api/messages" })
            {
                foreach (var bad in new[] { "not json", "truncated json", "ten megabytes", "cut short" })
                {
                    data.Add(endpoint, bad);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(EndpointsAndBadBodies))]
    public async Task EveryEndpointRefusesABadAuthenticatedBodyCleanly(string endpoint, string bad)
    {
        await using var teams = await FakeBotFramework.StartAsync();
        var settings = teams.Settings;
        settings["Server:BodyReadTimeout"] = "00:00:01";
        await using var bot = await BotServer.StartAsync(extra: settings);
        var isTeams = endpoint == "/api/messages";
        var whole = isTeams ? teams.Activity("can't ssh to web-01") : endpoint.EndsWith("events", StringComparison.Ordinal)
            ? BotServer.MentionEvent("EvBad", "can't ssh to web-01")
            : "payload=" + Uri.EscapeDataString(BotServer.MentionEvent("EvBad", "x"));
        var body = bad switch
        {
            "not json" => "<html>this is not json</html>",
            "truncated json" => whole[..(whole.Length / 2)],
            "ten megabytes" => whole[..^1] + new string(' ', 10 * 1024 * 1024) + whole[^1..],
            _ => whole,
        };
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var auth = isTeams
            ? $"Authorization: Bearer {teams.Token()}"
            : $"X-Slack-Request-Timestamp: {timestamp}\r\nX-Slack-Signature: {SlackSignature.Sign(BotServer.Secret, timestamp, bytes)}";
        var head = $"POST {endpoint} HTTP/1.1\r\nContent-Type: {(isTeams || endpoint.EndsWith("events", StringComparison.Ordinal) ? "application/json" : "application/x-www-form-urlencoded")}\r\n{auth}";
        // Cut short: half the body, then silence; ten megabytes: the head alone, refused on its Content-Length.
        var sent = bad == "cut short" ? bytes[..(bytes.Length / 2)] : bad == "ten megabytes" ? [] : bytes;

        var status = await RawHttp.SendAsync(new Uri(bot.App.Urls.First()), head, bytes.Length, sent);

        // Cut short, the server answers 408 at Server:BodyReadTimeout and drops the connection rather
        // than wait on a stalling peer, so the answer may be lost to the reset (0).
        int[] expected = bad switch { "ten megabytes" => [413], "cut short" => [408, 0], _ => [400] };
        Assert.Contains(status, expected);
        Assert.Equal(0, bot.Runner.Runs);
        Assert.Empty(teams.Drain());
        Assert.DoesNotContain(bot.Slack.Drain(), c => c.Method == "chat.postMessage");
    }

    private static string Form(Dictionary<string, string> fields) =>
        string.Join("&", fields.Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value)}"));
}
