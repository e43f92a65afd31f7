using System.Text.Json;
using SshBot.Chat.Protection;

namespace SshBot.Chat.Tests.Protection;

/// <summary>The audit log on a real file: rotated by size, a bounded number of old files kept.</summary>
public sealed class AuditLogRotationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sshbot-audit-").FullName;

    private string LogPath => Path.Combine(_dir, "audit.jsonl");

    private static AuditRecord Record(int n) => new(DateTimeOffset.UnixEpoch.AddSeconds(n), "slack:T1:U1", $"web-{n:00}", ["10.1.2.3"], true, "allowlisted");

    [Fact]
    public async Task AFileThatWouldGrowPastTheLimitIsRotatedAndOnlyTheNewestFilesAreKept()
    {
        var size = JsonSerializer.SerializeToUtf8Bytes(Record(0), AuditJson.Options).Length + 1;
        using var audit = new JsonLinesAuditLog(LogPath, maxBytes: 3 * size, keep: 2);

        for (var n = 0; n < 10; n++)
        {
            await audit.WriteAsync(Record(n), TestContext.Current.CancellationToken);
        }

        Assert.Equal(["audit.jsonl", "audit.jsonl.1", "audit.jsonl.2"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order());
        Assert.Equal(["web-09"], Targets(LogPath));
        Assert.Equal(["web-06", "web-07", "web-08"], Targets(LogPath + ".1"));
        Assert.Equal(["web-03", "web-04", "web-05"], Targets(LogPath + ".2"));
        Assert.All(Directory.GetFiles(_dir), f => Assert.True(new FileInfo(f).Length <= 3 * size));
    }

    [Fact]
    public async Task WithoutALimitTheFileIsNeverRotated()
    {
        using var audit = new JsonLinesAuditLog(LogPath);

        for (var n = 0; n < 50; n++)
        {
            await audit.WriteAsync(Record(n), TestContext.Current.CancellationToken);
        }

        Assert.Equal(50, Targets(LogPath).Count);
        Assert.Single(Directory.GetFiles(_dir));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<string> Targets(string file) =>
        [.. File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("rawTarget").GetString()!)];
}
