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

    /// <summary>Null when a record could be written now; otherwise why not (health reports it). Writes nothing.</summary>
    string? Problem() => null;
}

/// <summary>
/// JSON Lines appended to a file, flushed to disk before the call returns. A record that would
/// take the file past <paramref name="maxBytes"/> goes into a new one: the old file becomes
/// <c>.1</c>, <c>.1</c> becomes <c>.2</c> and so on, and the one past <paramref name="keep"/> is deleted.
/// The file (and a directory it creates) is the owner's alone: 0600 (0700), rotations included.
/// </summary>
/// <param name="path">The current file.</param>
/// <param name="maxBytes">Zero or less: never rotate.</param>
/// <param name="keep">Rotated files kept; zero keeps none.</param>
public sealed class JsonLinesAuditLog(string path, long maxBytes = 0, int keep = 10) : IAuditLog, IDisposable
{
    private const UnixFileMode FileMode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The file written to.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public async Task WriteAsync(AuditRecord record, CancellationToken ct)
    {
        var bytes = Line(record);
        await _gate.WaitAsync(ct);
        try
        {
            await using var file = Open(bytes.Length, FileOptions.Asynchronous);
            await file.WriteAsync(bytes, ct);
            file.Flush(flushToDisk: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The same write, blocking: for callers that decide synchronously (the CLI's policy).</summary>
    public void Write(AuditRecord record)
    {
        var bytes = Line(record);
        _gate.Wait();
        try
        {
            using var file = Open(bytes.Length, FileOptions.None);
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Null when a record could be appended now; otherwise why not, in one line. Writes nothing.</summary>
    public string? Problem()
    {
        _gate.Wait();
        try
        {
            using var file = Open(0, FileOptions.None);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the audit log {Path} cannot be written: {e.Message}";
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static byte[] Line(AuditRecord record) =>
        System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, AuditJson.Record) + "\n");

    private FileStream Open(int adding, FileOptions options)
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        if (adding > 0 && maxBytes > 0 && File.Exists(Path) && new FileInfo(Path).Length + adding > maxBytes)
        {
            Rotate();
        }

        var stream = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read, Options = options };
        if (!OperatingSystem.IsWindows())
        {
            stream.UnixCreateMode = FileMode600;
        }

        return new FileStream(Path, stream);
    }

    private void Rotate()
    {
        var last = Math.Max(keep, 0);
        File.Delete($"{Path}.{last}");
        for (var i = last - 1; i >= 1; i--)
        {
            if (File.Exists($"{Path}.{i}"))
            {
                File.Move($"{Path}.{i}", $"{Path}.{i + 1}");
            }
        }

        if (last == 0)
        {
            File.Delete(Path);
        }
        else
        {
            File.Move(Path, $"{Path}.1");
        }
    }
}

internal static class AuditJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { TypeInfoResolver = ChatJsonContext.Default };

    public static readonly JsonTypeInfo<AuditRecord> Record = (JsonTypeInfo<AuditRecord>)Options.GetTypeInfo(typeof(AuditRecord));
}
