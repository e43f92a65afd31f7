using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SshBot.Chat.Tests.Support;

/// <summary>One call the bot made to the Slack Web API.</summary>
public sealed record SlackCall(string Method, string? Authorization, JsonObject Body, DateTimeOffset At = default)
{
    public string Text => Body["text"]?.GetValue<string>() ?? "";

    public string? Str(string name) => Body[name]?.GetValue<string>();

    /// <summary>Whether its blocks have buttons: a verdict card's, not a progress update's.</summary>
    public bool HasButtons => Body["blocks"] is JsonArray blocks && blocks.Any(b => b?["type"]?.GetValue<string>() == "actions");
}

/// <summary>A Slack Web API on loopback: answers chat.postMessage and chat.update like Slack and keeps every call.</summary>
public sealed class FakeSlackApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CallLog<SlackCall> _calls = new();
    private readonly ConcurrentQueue<DateTimeOffset> _attempts = new();
    private int _ts;
    private int _failNext;
    private int _failStatus;
    private string? _failRetryAfter;
    private volatile TaskCompletionSource _open = Opened();

    private FakeSlackApi(WebApplication app) => _app = app;

    /// <summary>The method name a call to a response_url is kept under.</summary>
    public const string ResponseUrlMethod = "response_url";

    public Uri ApiUrl { get; private set; } = null!;

    /// <summary>Where this fake's response_urls live (configured as Slack:ResponseUrlBase).</summary>
    public Uri HooksUrl { get; private set; } = null!;

    /// <summary>A response_url as Slack would send one with a slash command or a button.</summary>
    public string ResponseUrl(string name) => HooksUrl + "commands/T1/" + name;

    /// <summary>A URL on this fake but outside <see cref="HooksUrl"/>: the bot must refuse to call it.</summary>
    public string OutsideUrl(string name) => new Uri(HooksUrl, "/outside/" + name).ToString();

    public List<SlackCall> Seen => _calls.Seen;

    /// <summary>Where this fake serves attached files (configured as Slack:FileUrlBase).</summary>
    public Uri FilesUrl { get; private set; } = null!;

    /// <summary>What each file path serves; a path under <c>html/</c> answers with a sign-in page, as Slack does without the files:read scope.</summary>
    public ConcurrentDictionary<string, string> Files { get; } = new();

    /// <summary>Every file download: the path and the Authorization header it came with.</summary>
    public ConcurrentQueue<(string Path, string? Authorization)> Downloads { get; } = new();

    public FakeSocketMode SocketMode { get; } = new();

    /// <summary>When every call arrived, failed ones included.</summary>
    public IReadOnlyList<DateTimeOffset> Attempts => [.. _attempts];

    /// <summary>Answers ok: false with the error it returns for a call (null: answer normally).</summary>
    public Func<SlackCall, string?>? Refuse { get; set; }

    /// <summary>From now on calls are held unanswered (Slack's API stalled) until <see cref="Resume"/>.</summary>
    public void Stall() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Resume() => _open.TrySetResult();

    /// <summary>The next N calls are answered 429 with Retry-After: 1.</summary>
    public void Throttle(int calls) => Fail(calls, StatusCodes.Status429TooManyRequests, "1");

    /// <summary>The next N calls are answered with <paramref name="status"/> (and Retry-After when given).</summary>
    public void Fail(int calls, int status, string? retryAfter = null)
    {
        _failStatus = status;
        _failRetryAfter = retryAfter;
        Volatile.Write(ref _failNext, calls);
    }

    public static async Task<FakeSlackApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSlackApi(app);
        app.UseWebSockets();
        app.Map("/link", fake.SocketMode.ServeAsync);
        app.MapPost("/api/{method}", async (string method, HttpContext http) =>
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

            if (method == "apps.connections.open")
            {
                return await fake.SocketMode.OpenAsync(http, app.Urls.First());
            }

            var body = (JsonObject)(await JsonNode.ParseAsync(http.Request.Body))!;
            await fake._open.Task;
            var call = new SlackCall(method, http.Request.Headers.Authorization, body, DateTimeOffset.UtcNow);
            if (fake.Refuse?.Invoke(call) is { } error)
            {
                return Results.Json(new { ok = false, error });
            }

            await fake._calls.AddAsync(call);
            return method switch
            {
                "chat.postMessage" => Results.Json(new { ok = true, channel = body["channel"]?.GetValue<string>(), ts = $"1800000000.{Interlocked.Increment(ref fake._ts):000000}" }),
                "chat.update" => Results.Json(new { ok = true, channel = body["channel"]?.GetValue<string>(), ts = body["ts"]?.GetValue<string>() }),
                "views.publish" => Results.Json(new { ok = true }),
                _ => Results.Json(new { ok = false, error = "unknown_method" }),
            };
        });
        app.MapPost("/hooks/{*path}", async (string path, HttpContext http) =>
        {
            // A response_url: Slack answers "ok" (text) and shows the message; the call is kept as method "response_url".
            var body = (JsonObject)(await JsonNode.ParseAsync(http.Request.Body))!;
            body["_path"] = path;
            var call = new SlackCall(ResponseUrlMethod, http.Request.Headers.Authorization, body, DateTimeOffset.UtcNow);
            if (fake.Refuse?.Invoke(call) is { } error)
            {
                return Results.Text(error, statusCode: StatusCodes.Status404NotFound);
            }

            await fake._calls.AddAsync(call);
            return Results.Text("ok");
        });
        app.MapGet("/files/{*path}", (string path, HttpContext http) =>
        {
            fake.Downloads.Enqueue((path, http.Request.Headers.Authorization));
            if (http.Request.Headers.Authorization != "Bearer xoxb-test-token")
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            if (path.StartsWith("redirect/", StringComparison.Ordinal))
            {
                // A download that sends the client elsewhere: the token must not follow it.
                return Results.Redirect(fake.OutsideUrl(path));
            }

            return path.StartsWith("html/", StringComparison.Ordinal)
                ? Results.Content("<!DOCTYPE html><html><body>Sign in to Slack</body></html>", "text/html")
                : fake.Files.TryGetValue(path, out var text) ? Results.Text(text, "text/plain") : Results.NotFound();
        });
        app.MapGet("/outside/{*path}", async (string path, HttpContext http) =>
        {
            // Not a file URL the bot may call: any call here is a test failure.
            await fake._calls.AddAsync(new SlackCall("outside", http.Request.Headers.Authorization, new JsonObject { ["_path"] = path }, DateTimeOffset.UtcNow));
            return Results.Text("secret");
        });
        app.MapPost("/outside/{*path}", async (string path, HttpContext http) =>
        {
            // Not a response_url the bot may call: any call here is a test failure.
            await fake._calls.AddAsync(new SlackCall("outside", null, new JsonObject { ["_path"] = path }, DateTimeOffset.UtcNow));
            return Results.Text("ok");
        });
        await app.StartAsync();
        fake.ApiUrl = new Uri(app.Urls.First() + "/api/");
        fake.HooksUrl = new Uri(app.Urls.First() + "/hooks/");
        fake.FilesUrl = new Uri(app.Urls.First() + "/files/");
        return fake;
    }

    /// <summary>Waits for the call that satisfies <paramref name="match"/>, keeping every call in <see cref="Seen"/>.</summary>
    public Task<SlackCall> WaitForAsync(Func<SlackCall, bool> match, TimeSpan? within = null) => _calls.WaitForAsync(match, within);

    /// <summary>Everything received so far, without waiting.</summary>
    public List<SlackCall> Drain() => _calls.Drain();

    public async ValueTask DisposeAsync()
    {
        Resume();
        await _app.DisposeAsync();
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
