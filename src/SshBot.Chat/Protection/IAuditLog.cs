using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

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

/// <summary>
/// JSON Lines appended to a file, flushed to disk before the call returns. A record that would
/// take the file past <paramref name="maxBytes"/> goes into a new one: the old file becomes
/// <c>.1</c>, <c>.1</c> becomes <c>.2</c> and so on, and the one past <paramref name="keep"/> is deleted.
/// </summary>
/// <param name="path">The current file.</param>
/// <param name="maxBytes">Zero or less: never rotate.</param>
/// <param name="keep">Rotated files kept; zero keeps none.</param>
public sealed class JsonLinesAuditLog(string path, long maxBytes = 0, int keep = 10) : IAuditLog, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task WriteAsync(AuditRecord record, CancellationToken ct)
    {
        var line = JsonSerializer.Serialize(record, AuditJson.Record) + "\n";
        await _gate.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var bytes = System.Text.Encoding.UTF8.GetBytes(line);
            if (maxBytes > 0 && File.Exists(path) && new FileInfo(path).Length + bytes.Length > maxBytes)
            {
                Rotate();
            }

            await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.Asynchronous);
            await file.WriteAsync(bytes, ct);
            file.Flush(flushToDisk: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private void Rotate()
    {
        var last = Math.Max(keep, 0);
        File.Delete($"{path}.{last}");
        for (var i = last - 1; i >= 1; i--)
        {
            if (File.Exists($"{path}.{i}"))
            {
                File.Move($"{path}.{i}", $"{path}.{i + 1}");
            }
        }

        if (last == 0)
        {
            File.Delete(path);
        }
        else
        {
            File.Move(path, $"{path}.1");
        }
    }
}

internal static class AuditJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { TypeInfoResolver = ChatJsonContext.Default };

    public static readonly JsonTypeInfo<AuditRecord> Record = (JsonTypeInfo<AuditRecord>)Options.GetTypeInfo(typeof(AuditRecord));
}
