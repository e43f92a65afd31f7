using System.Text.Json;

namespace SshBot.Chat.Protection;

/// <summary>One decision about a request: who asked, for what, what it resolved to, and what was decided.</summary>
public sealed record AuditRecord(
    DateTimeOffset At,
    string Who,
    string RawTarget,
    IReadOnlyList<string> ResolvedAddresses,
    bool Allowed,
    string Reason);

/// <summary>Where decisions are written. A write that throws means the probe must not run.</summary>
public interface IAuditLog
{
    Task WriteAsync(AuditRecord record, CancellationToken ct);
}

/// <summary>JSON Lines appended to a file, flushed to disk before the call returns.</summary>
public sealed class JsonLinesAuditLog(string path) : IAuditLog, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task WriteAsync(AuditRecord record, CancellationToken ct)
    {
        var line = JsonSerializer.Serialize(record, AuditJson.Options) + "\n";
        await _gate.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.Asynchronous);
            await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(line), ct);
            file.Flush(flushToDisk: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}

internal static class AuditJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
