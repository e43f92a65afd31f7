using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SshBot.Chat.Tests.Support;

public sealed record ConnectorCall(string Method, string Path, string? Authorization, JsonObject Body, DateTimeOffset At = default);

/// <summary>On loopback: the Bot Framework's OpenID metadata and keys, its token endpoint, and a Bot Connector that keeps every reply.</summary>
public sealed class FakeBotFramework : IAsyncDisposable
{
    public const string AppId = "11111111-2222-3333-4444-555555555555";
    public const string Issuer = "https://api.botframework.com";

    private readonly WebApplication _app;
    private readonly CallLog<ConnectorCall> _calls = new();
    private readonly ConcurrentQueue<DateTimeOffset> _attempts = new();
    private int _next;
    private int _failNext;
    private int _failStatus;
    private string? _failRetryAfter;

    private FakeBotFramework(WebApplication app) => _app = app;

    public RSA Key { get; } = RSA.Create(2048);

    public string Kid { get; } = "key-1";

    public string Url { get; private set; } = "";

    public List<ConnectorCall> Seen => _calls.Seen;

    /// <summary>When every Connector call arrived, failed ones included.</summary>
    public IReadOnlyList<DateTimeOffset> Attempts => [.. _attempts];

    /// <summary>The next N Connector calls are answered with <paramref name="status"/> (and Retry-After when given).</summary>
    public void Fail(int calls, int status, string? retryAfter = null)
    {
        _failStatus = status;
        _failRetryAfter = retryAfter;
        Volatile.Write(ref _failNext, calls);
    }

    public static async Task<FakeBotFramework> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBotFramework(app);
        app.MapGet("/openid", () => Results.Json(new { issuer = Issuer, jwks_uri = fake.Url + "/keys", id_token_signing_alg_values_supported = new[] { "RS256" } }));
        app.MapGet("/keys", () =>
        {
            var p = fake.Key.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", kid = fake.Kid, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent), endorsements = new[] { "msteams" } } } });
        });
        app.MapPost("/token", () => Results.Json(new { access_token = "connector-token", expires_in = 3600, token_type = "Bearer" }));
        app.MapMethods("/v3/conversations/{**rest}", ["POST", "PUT"], async (HttpContext http) =>
        {
            fake._attempts.Enqueue(DateTimeOffset.UtcNow);
            if (Interlocked.Decrement(ref fake._failNext) >= 0)
            {
                if (fake._failRetryAfter is { } after)
                {
                    http.Response.Headers.RetryAfter = after;
                }

                return Results.StatusCode(fake._failStatus);
            }

            var body = (JsonObject)(await JsonNode.ParseAsync(http.Request.Body))!;
            await fake._calls.AddAsync(new ConnectorCall(http.Request.Method, http.Request.Path, http.Request.Headers.Authorization, body, DateTimeOffset.UtcNow));
            return Results.Json(new { id = http.Request.Method == "POST" ? $"reply-{Interlocked.Increment(ref fake._next)}" : body["id"]?.GetValue<string>() });
        });
        await app.StartAsync();
        fake.Url = app.Urls.First();
        return fake;
    }

    public Dictionary<string, string?> Settings => new()
    {
        ["Teams:AppId"] = AppId,
        ["Teams:AppPassword"] = "app-password",
        ["Teams:OpenIdMetadataUrl"] = Url + "/openid",
        ["Teams:TokenUrl"] = Url + "/token",
    };

    /// <summary>A token as the Bot Connector would send; each argument can be spoiled for a test.</summary>
    public string Token(string? audience = AppId, string issuer = Issuer, DateTime? expires = null, string? serviceUrl = null, SigningCredentials? credentials = null)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = (expires ?? DateTime.UtcNow.AddMinutes(30)).AddMinutes(-60),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(30),
            IssuedAt = (expires ?? DateTime.UtcNow.AddMinutes(30)).AddMinutes(-60),
            Subject = new ClaimsIdentity([new Claim("serviceurl", serviceUrl ?? Url)]),
            SigningCredentials = credentials ?? new SigningCredentials(new RsaSecurityKey(Key) { KeyId = Kid }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public string Activity(string text, string id = "act-1", string channelId = "msteams", string? serviceUrl = null) =>
        new JsonObject
        {
            ["type"] = "message",
            ["id"] = id,
            ["channelId"] = channelId,
            ["serviceUrl"] = serviceUrl ?? Url,
            ["from"] = new JsonObject { ["id"] = "29:alice", ["name"] = "Alice", ["aadObjectId"] = "aad-alice" },
            ["conversation"] = new JsonObject { ["id"] = "19:conv", ["tenantId"] = "tenant-1", ["conversationType"] = "personal" },
            ["recipient"] = new JsonObject { ["id"] = "28:" + AppId, ["name"] = "SshBot Test" },
            ["text"] = text,
        }.ToJsonString();

    /// <summary>
    /// What Teams sends when someone adds the bot to <paramref name="conversation"/>: a
    /// conversationUpdate naming the bot in membersAdded, or an installationUpdate with action add.
    /// <paramref name="added"/> is who joined (the bot by default).
    /// </summary>
    public string Added(string type = "conversationUpdate", string id = "add-1", string conversation = "19:team-conv", string? added = null) =>
        new JsonObject
        {
            ["type"] = type,
            ["id"] = id,
            ["channelId"] = "msteams",
            ["serviceUrl"] = Url,
            ["from"] = new JsonObject { ["id"] = "29:bob", ["name"] = "Bob", ["aadObjectId"] = "aad-bob" },
            ["conversation"] = new JsonObject { ["id"] = conversation, ["tenantId"] = "tenant-1", ["conversationType"] = "channel", ["isGroup"] = true, ["name"] = "Ops" },
            ["recipient"] = new JsonObject { ["id"] = "28:" + AppId, ["name"] = "SshBot Test" },
            ["membersAdded"] = type == "conversationUpdate" ? new JsonArray(new JsonObject { ["id"] = added ?? "28:" + AppId }) : null,
            ["action"] = type == "installationUpdate" ? "add" : null,
        }.ToJsonString();

    /// <summary>Waits for the call that satisfies <paramref name="match"/>, keeping every call in <see cref="Seen"/>.</summary>
    public Task<ConnectorCall> WaitForAsync(Func<ConnectorCall, bool> match) => _calls.WaitForAsync(match);

    /// <summary>Everything received so far, without waiting.</summary>
    public List<ConnectorCall> Drain() => _calls.Drain();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Key.Dispose();
    }
}
