using System.Net;
using System.Text.Json.Nodes;
using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Regressions;

/// <summary>
/// Issue 19: /health was one endpoint that a probe could not tell "the process is up" from "the bot
/// can do its job" with. Readiness fails, naming the check, while the audit log cannot be written
/// (every probe would be refused), and passes once it can; liveness stays up throughout.
/// </summary>
public sealed class ReadinessWhenAuditUnwritableTests
{
    [Fact]
    public async Task ReadinessIs503NamingTheAuditCheckWhileTheAuditLogIsUnwritableAndOkOnceItIsFixed()
    {
        var blocker = Path.Combine(Path.GetTempPath(), "sshbot-not-a-dir-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(blocker, "a file where the audit log's directory should be", TestContext.Current.CancellationToken);
        try
        {
            await using var bot = await BotServer.StartAsync(extra: new Dictionary<string, string?> { ["Audit:Path"] = Path.Combine(blocker, "audit.jsonl") });

            var failing = await bot.Http.GetAsync("/health/ready", TestContext.Current.CancellationToken);
            var body = JsonNode.Parse(await failing.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
            var live = await bot.Http.GetAsync("/health/live", TestContext.Current.CancellationToken);
            File.Delete(blocker);
            var recovered = await bot.Http.GetAsync("/health/ready", TestContext.Current.CancellationToken);
            var recoveredBody = JsonNode.Parse(await recovered.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

            Assert.Equal(HttpStatusCode.ServiceUnavailable, failing.StatusCode);
            Assert.Equal("unhealthy", body["status"]!.GetValue<string>());
            var checks = body["checks"]!.AsArray().ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!["status"]!.GetValue<string>());
            Assert.Equal(
                new Dictionary<string, string> { ["store"] = "healthy", ["knowledgeBase"] = "healthy", ["audit"] = "unhealthy", ["platforms"] = "healthy" },
                checks);
            Assert.DoesNotContain(blocker, body.ToJsonString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal((HttpStatusCode.OK, "healthy"), (recovered.StatusCode, recoveredBody["status"]!.GetValue<string>()));
        }
        finally
        {
            if (Directory.Exists(blocker))
            {
                Directory.Delete(blocker, recursive: true);
            }

            File.Delete(blocker);
        }
    }
}
