using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Teams;

/// <summary>SECURITY.md 18, through real HTTP: the real host, a fake Bot Framework on loopback.</summary>
public sealed class TeamsMessagesTests
{
    private static bool IsFinal(ConnectorCall c) => c.Method == "PUT" && c.Body["text"]?.GetValue<string>().Contains("Nothing listens", StringComparison.Ordinal) == true;

    private static async Task<HttpResponseMessage> SendAsync(BotServer bot, string activity, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await bot.Http.SendAsync(request);
    }

    [Fact]
    public async Task AValidMessageIsAnsweredInTheConversationAndUpdatedInPlaceWithAnAdaptiveCard()
    {
        await using var teams = await FakeBotFramework.StartAsync();
        await using var bot = await BotServer.StartAsync(extra: teams.Settings);

        var response = await SendAsync(bot, teams.Activity("<at>SshBot</at> can't ssh to web-01"), teams.Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var final = await teams.WaitForAsync(IsFinal);
        var ack = teams.Seen[0];
        Assert.Equal(("POST", "/v3/conversations/19:conv/activities/act-1", "Bearer connector-token"), (ack.Method, ack.Path, ack.Authorization));
        Assert.Equal("/v3/conversations/19:conv/activities/reply-1", final.Path);
        Assert.Equal("AdaptiveCard", final.Body["attachments"]![0]!["content"]!["type"]!.GetValue<string>());
    }

    public static TheoryData<string> Forgeries => new()
    {
        "no token", "wrong audience", "wrong issuer", "expired beyond skew", "alg none", "HS256 keyed with the public key", "HS256 keyed with the public key PEM",
        "HS256 keyed with the modulus", "unknown kid", "another key",
        "serviceUrl mismatch", "channel not endorsed",
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task AForgedRequestIsRefusedAndDoesNoWork(string forgery)
    {
        await using var teams = await FakeBotFramework.StartAsync();
        await using var bot = await BotServer.StartAsync(extra: teams.Settings);
        var activity = teams.Activity("can't ssh to web-01");
        string? token = forgery switch
        {
            "no token" => null,
            "wrong audience" => teams.Token(audience: "someone-else"),
            "wrong issuer" => teams.Token(issuer: "https://evil.example.com"),
            "expired beyond skew" => teams.Token(expires: DateTime.UtcNow.AddMinutes(-6)),
            "alg none" => Unsigned(teams.Token()),
            // Key confusion: HMAC keyed with the bytes of the RSA public key the bot trusts.
            "HS256 keyed with the public key" => teams.Token(credentials: Hs256(teams.Key.ExportSubjectPublicKeyInfo(), teams.Kid)),
            "HS256 keyed with the public key PEM" => teams.Token(credentials: Hs256(Encoding.ASCII.GetBytes(teams.Key.ExportSubjectPublicKeyInfoPem()), teams.Kid)),
            "HS256 keyed with the modulus" => teams.Token(credentials: Hs256(teams.Key.ExportParameters(false).Modulus!, teams.Kid)),
            "unknown kid" => teams.Token(credentials: new SigningCredentials(new RsaSecurityKey(teams.Key) { KeyId = "other-kid" }, SecurityAlgorithms.RsaSha256)),
            "another key" => teams.Token(credentials: new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = teams.Kid }, SecurityAlgorithms.RsaSha256)),
            "serviceUrl mismatch" => teams.Token(serviceUrl: "https://smba.evil.example.com/"),
            _ => teams.Token(),
        };
        if (forgery == "channel not endorsed")
        {
            activity = teams.Activity("can't ssh to web-01", channelId: "webchat");
        }

        var response = await SendAsync(bot, activity, token);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        Assert.Equal(0, bot.Runner.Runs);
        Assert.Empty(teams.Drain());
    }

    [Fact]
    public async Task AMalformedActivityIsRefusedCleanly()
    {
        await using var teams = await FakeBotFramework.StartAsync();
        await using var bot = await BotServer.StartAsync(extra: teams.Settings);

        var response = await SendAsync(bot, "{\"type\":\"message\",", teams.Token());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static SigningCredentials Hs256(byte[] secret, string kid) =>
        new(new SymmetricSecurityKey(secret) { KeyId = kid }, SecurityAlgorithms.HmacSha256);

    private static string Unsigned(string jwt)
    {
        var parts = jwt.Split('.');
        return Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
    }
}
