using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SshBot.Chat.Hosting;
using SshBot.Chat.Slack;
using SshBot.KnowledgeBase;

// Acknowledgement latency of verified Slack events under concurrent load, on loopback.
// SshBot's /api/slack/events (signature check, skew check, body limit, the request stored in
// the work inbox before the 200) runs side by side with a peer: a bare ASP.NET Core endpoint
// on the same machine that reads the body and answers 200 with no checks. Every request is
// bounded in count and time; nothing leaves 127.0.0.1.
var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
const string Secret = "bench-signing-secret";
var dataDir = Directory.CreateTempSubdirectory("sshbot-ack-bench-").FullName;
using var overall = new CancellationTokenSource(TimeSpan.FromMinutes(5));

await using var bot = await ChatServer.BuildAsync([], builder =>
{
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    builder.Logging.ClearProviders();
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Slack:SigningSecret"] = Secret,
        ["Slack:BotToken"] = "xoxb-bench",
        ["Slack:BotUserId"] = "U0BOT",
        // Every event is stored; one worker answers them, into a Slack API that refuses at once.
        ["Slack:ApiUrl"] = "http://127.0.0.1:9/",
        ["Work:Workers"] = "1",
        ["Work:MaxQueued"] = "10000000",
        ["Work:MaxPerUser"] = "10000000",
        ["Storage:DataDirectory"] = dataDir,
        ["Kb:Directory"] = KnowledgeBaseLocator.FindFrom(AppContext.BaseDirectory),
        ["RateLimit:PerUser"] = "1000000",
    });
});
await bot.StartAsync(overall.Token);

var peerBuilder = WebApplication.CreateSlimBuilder();
peerBuilder.WebHost.UseUrls("http://127.0.0.1:0");
peerBuilder.Logging.ClearProviders();
await using var peer = peerBuilder.Build();
peer.MapPost("/api/slack/events", async (HttpContext http) =>
{
    using var reader = new StreamReader(http.Request.Body);
    await reader.ReadToEndAsync();
    return Results.Ok();
});
await peer.StartAsync(overall.Token);

var botUrl = Address(bot.Services);
var peerUrl = Address(peer.Services);
Console.WriteLine($"{requests} signed Slack events, {concurrency} at once, on loopback");
var ours = await LoadAsync(botUrl, "sshbot /api/slack/events");
var theirs = await LoadAsync(peerUrl, "bare ASP.NET Core endpoint");
Console.WriteLine($"ratio sshbot / bare: p50 {ours.P50 / theirs.P50:0.00}x, p99 {ours.P99 / theirs.P99:0.00}x, throughput {ours.PerSecond / theirs.PerSecond:0.00}x");
Directory.Delete(dataDir, recursive: true);
return ours.Failures == 0 && theirs.Failures == 0 ? 0 : 1;

async Task<Result> LoadAsync(Uri baseUrl, string name)
{
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency };
    using var client = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
    await SendAsync(client, "warm-up");
    var latencies = new double[requests];
    var failures = 0;
    var next = -1;
    var wall = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < requests && !overall.IsCancellationRequested)
        {
            var start = Stopwatch.GetTimestamp();
            var ok = await SendAsync(client, $"{name.GetHashCode(StringComparison.Ordinal):x}-{i}");
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (!ok)
            {
                Interlocked.Increment(ref failures);
            }
        }
    }));
    wall.Stop();
    var done = Math.Min(requests, next);
    var sorted = latencies.Take(done).Order().ToArray();
    var result = new Result(sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)], done / wall.Elapsed.TotalSeconds, failures);
    Console.WriteLine($"{name,-28} p50 {result.P50,7:0.000} ms  p99 {result.P99,7:0.000} ms  {result.PerSecond,8:0} req/s  failures {failures}");
    return result;
}

static async Task<bool> SendAsync(HttpClient client, string eventId)
{
    var body = $$$"""{"type":"event_callback","team_id":"T1","event_id":"Ev{{{eventId}}}","event":{"type":"app_mention","user":"U1","text":"<@U0BOT> hello","channel":"C1","ts":"1.1"}}""";
    var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
    request.Headers.Add("X-Slack-Signature", SlackSignature.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(body)));
    using var response = await client.SendAsync(request);
    return response.StatusCode == HttpStatusCode.OK;
}

static Uri Address(IServiceProvider services) =>
    new(services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

internal sealed record Result(double P50, double P99, double PerSecond, int Failures);
