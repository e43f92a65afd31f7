using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using SshBot.Chat.Tests.Support;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>
/// The real `sshbot serve` process's stdout as an operator's log shipper reads it, while it
/// diagnoses a lab host asked about in Slack: the bot's own events, each a JSON line with a UTC
/// timestamp and the request's ids, and none of the framework's per-request chatter.
/// </summary>
[Collection(LabHosts.Name)]
public sealed class ServeLogsLabTests(LabFixture lab)
{
    private const string Secret = "logs-signing-secret-0123456789";

    [Fact]
    public async Task StdoutHasTheAcceptedDiagnosedAndDeliveredEventsWithUtcTimestampsAndTheRequestsIds()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        var data = Directory.CreateTempSubdirectory("sshbot-logs-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["Slack__SigningSecret"] = Secret,
            ["Slack__BotToken"] = "xoxb-logs",
            ["Slack__BotUserId"] = "U0BOT",
            ["Slack__ApiUrl"] = slack.ApiUrl.ToString(),
            ["Targets__Allow__0"] = new IPNetwork(IPAddress.Parse(lab["stopped"]), 24).BaseAddress + "/24",
            ["Kb__Directory"] = Path.Combine(Repository.Root, "kb"),
            ["Storage__DataDirectory"] = data,
            ["SSHBOT_DATA_DIR"] = data,
        };
        var port = ServeUnderTest.FreePort();
        var started = DateTimeOffset.UtcNow;
        await using var serve = await ServeUnderTest.StartAsync(environment, port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var answer = await ServeUnderTest.MentionAsync(http, Secret, "EvLogs", "U_LOGS", "C1", "1700000000.000100", $"can't ssh to {lab["stopped"]}");
        var accepted = Json(await serve.WaitForLineAsync(l => Message(l).StartsWith("Accepted slack:EvLogs", StringComparison.Ordinal)));
        var diagnosed = Json(await serve.WaitForLineAsync(l => Message(l).StartsWith("Diagnosed ", StringComparison.Ordinal)));
        var delivered = Json(await serve.WaitForLineAsync(l => Message(l).StartsWith("Delivered the answer", StringComparison.Ordinal)));
        var health = await SshbotProcess.RunAsync(environment, "health", "--url", $"http://127.0.0.1:{port}/health/ready");
        await serve.SignalAsync("TERM");
        var (_, stdout, _) = await serve.ExitAsync(TimeSpan.FromSeconds(40));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("verdict sshd-not-listening", diagnosed["Message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All([accepted, diagnosed, delivered], line =>
        {
            Assert.Equal("Information", line["LogLevel"]!.GetValue<string>());
            var timestamp = line["Timestamp"]!.GetValue<string>();
            Assert.EndsWith("Z", timestamp, StringComparison.Ordinal);
            var at = DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            Assert.InRange(at, started.AddSeconds(-1), DateTimeOffset.UtcNow);
            Assert.Equal("slack:EvLogs", Scope(line, "WorkId"));
        });
        Assert.All([diagnosed, delivered], line => Assert.NotNull(Scope(line, "IncidentId")));
        // The webhook's trace goes on in the worker: one trace id from "accepted" to "delivered".
        Assert.NotNull(Scope(accepted, "TraceId"));
        Assert.Equal(Scope(accepted, "TraceId"), Scope(delivered, "TraceId"));
        Assert.Equal(0, health.ExitCode);
        Assert.DoesNotContain(stdout, l => l.StartsWith('{') && Json(l)["Category"]!.GetValue<string>().StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && Json(l)["LogLevel"]!.GetValue<string>() == "Information");
    }

    private static JsonObject Json(string line) => (JsonObject)JsonNode.Parse(line)!;

    private static string Message(string line) =>
        line.StartsWith('{') && JsonNode.Parse(line)?["Message"]?.GetValue<string>() is { } message ? message : "";

    private static string? Scope(JsonObject line, string name) =>
        line["Scopes"]?.AsArray().Select(s => s?[name]?.ToString()).FirstOrDefault(v => v is not null);
}
