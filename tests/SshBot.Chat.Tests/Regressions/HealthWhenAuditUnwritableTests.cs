using System.Net;
using System.Text.Json.Nodes;
using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Regressions;

/// <summary>
/// Issue 16 item 7: /health said ok while the audit log could not be written, so every probe was
/// refused behind a green health check.
/// </summary>
public sealed class HealthWhenAuditUnwritableTests
{
    [Fact]
    public async Task HealthIsFailingWith503WhileTheAuditLogCannotBeWrittenAndOkOnceItCan()
    {
        var blocker = Path.Combine(Path.GetTempPath(), "sshbot-not-a-dir-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(blocker, "a file where the audit log's directory should be", TestContext.Current.CancellationToken);
        try
        {
            await using var bot = await BotServer.StartAsync(extra: new Dictionary<string, string?> { ["Audit:Path"] = Path.Combine(blocker, "audit.jsonl") });

            var failing = await bot.Http.GetAsync("/health", TestContext.Current.CancellationToken);
            var body = JsonNode.Parse(await failing.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
            File.Delete(blocker);
            var recovered = await bot.Http.GetAsync("/health", TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, failing.StatusCode);
            Assert.Equal(("degraded", "failing", "ok"), (body["status"]!.GetValue<string>(), body["audit"]!.GetValue<string>(), body["store"]!.GetValue<string>()));
            Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
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
