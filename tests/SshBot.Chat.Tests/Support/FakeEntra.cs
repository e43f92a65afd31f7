using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SshBot.Chat.Tests.Support;

/// <summary>
/// On loopback: Entra's token endpoint, which grants a token only for a client assertion that is
/// a JWT signed by <see cref="Trusted"/>, and a managed-identity endpoint as App Service serves it
/// (IDENTITY_ENDPOINT, checked against IDENTITY_HEADER).
/// </summary>
public sealed class FakeEntra : IAsyncDisposable
{
    public const string IdentityHeader = "identity-header-secret";

    private readonly WebApplication _app;

    private FakeEntra(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>The certificate whose signature the token endpoint accepts.</summary>
    public X509Certificate2? Trusted { get; set; }

    /// <summary>Every request, as "METHOD path?query".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Why the token endpoint refused the last refused request.</summary>
    public string? Refusal { get; private set; }

    public int TokensIssued => _issued;

    private int _issued;

    public static async Task<FakeEntra> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeEntra(app);
        app.Use(async (http, next) =>
        {
            fake.Requests.Enqueue($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}");
            await next(http);
        });
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (string tenant, HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            var why = await fake.CheckAssertionAsync(tenant, form);
            fake.Refusal = why;
            if (why is not null)
            {
                return Results.Json(new { error = "invalid_client", error_description = "AADSTS700027: " + why }, statusCode: 401);
            }

            Interlocked.Increment(ref fake._issued);
            return Results.Json(new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = "cert-token" });
        });
        app.MapGet("/msi/token", (HttpContext http) =>
        {
            var q = http.Request.Query;
            if (http.Request.Headers["X-IDENTITY-HEADER"] != IdentityHeader || q["api-version"] != "2019-08-01" || q["resource"] != "https://api.botframework.com")
            {
                return Results.Json(new { statusCode = 400, message = "bad managed identity request" }, statusCode: 400);
            }

            Interlocked.Increment(ref fake._issued);
            var clientId = q["client_id"].ToString();
            return Results.Json(new
            {
                access_token = clientId.Length == 0 ? "mi-system-token" : "mi-token-for-" + clientId,
                expires_on = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                resource = "https://api.botframework.com",
                token_type = "Bearer",
                client_id = clientId,
            });
        });
        await app.StartAsync();
        fake.Url = app.Urls.First();
        return fake;
    }

    /// <summary>Null when the request is a client-credentials grant for the bot with an assertion signed by <see cref="Trusted"/>.</summary>
    private async Task<string?> CheckAssertionAsync(string tenant, IFormCollection form)
    {
        if (form["grant_type"] != "client_credentials" || form["client_id"] != FakeBotFramework.AppId || form["scope"] != "https://api.botframework.com/.default")
        {
            return "not a client-credentials request for the bot";
        }

        if (form["client_assertion_type"] != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" || Trusted is null)
        {
            return "no client assertion";
        }

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(form["client_assertion"].ToString(), new TokenValidationParameters
        {
            IssuerSigningKey = new X509SecurityKey(Trusted),
            ValidIssuer = FakeBotFramework.AppId,
            ValidAudience = $"https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
        });
        if (!result.IsValid)
        {
            return result.Exception?.Message ?? "invalid assertion";
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        return jwt.Subject == FakeBotFramework.AppId ? null : "the assertion's subject is not the bot";
    }

    /// <summary>An HTTP handler that sends what MSAL addresses to Entra's public host to this fake instead.</summary>
    public HttpMessageHandler Redirect() => new RedirectHandler(new Uri(Url));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed class RedirectHandler(Uri to) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { Host: "login.microsoftonline.com" } uri)
            {
                request.RequestUri = new UriBuilder(uri) { Scheme = to.Scheme, Host = to.Host, Port = to.Port }.Uri;
            }

            // Tests send traffic to loopback only: anything else MSAL tries fails here instead.
            if (request.RequestUri is not { IsLoopback: true })
            {
                throw new HttpRequestException($"the test refused a request to {request.RequestUri}");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
