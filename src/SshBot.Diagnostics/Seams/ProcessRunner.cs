using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace SshBot.Diagnostics.Seams;

/// <summary>
/// <see cref="IProcessRunner"/> on <see cref="Process"/>: <see cref="ProcessStartInfo.ArgumentList"/>
/// only, no shell, a minimal environment (<see cref="ChildEnvironment"/>), stdout and stderr read
/// concurrently as bytes with a cap, the whole process tree killed when the timeout or the
/// caller's cancellation comes first.
/// </summary>
public sealed class ProcessRunner : IProcessRunner
{
    public async Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var info = new ProcessStartInfo(request.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in request.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The child gets a minimal, explicit environment: never the server's secrets
        // (Slack__*, Teams__*, connection strings) nor an agent socket.
        info.Environment.Clear();
        foreach (var (name, value) in ChildEnvironment())
        {
            info.Environment[name] = value;
        }

        var started = Stopwatch.GetTimestamp();
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"could not start '{request.FileName}': {e.Message}", e);
        }

        using var timeout = new CancellationTokenSource(request.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var stdout = new CappedReader(process.StandardOutput.BaseStream, request.MaxOutputBytes);
        var stderr = new CappedReader(process.StandardError.BaseStream, request.MaxOutputBytes);
        var stdin = WriteStdinAsync(process, request.Stdin, linked.Token);
        var timedOut = false;
        try
        {
            // Both pipes reaching end-of-file is part of finishing: a descendant still holding
            // them open counts against the same timeout as the child itself.
            await Task.WhenAll(process.WaitForExitAsync(linked.Token), stdout.Completion.WaitAsync(linked.Token), stderr.Completion.WaitAsync(linked.Token));
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            timedOut = true;
        }

        await stdin;
        // After a kill the pipes close with the tree; a stray holder only costs this much wait.
        await Task.WhenAny(Task.WhenAll(stdout.Completion, stderr.Completion), Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
        return new ProcessResult(timedOut ? -1 : process.ExitCode, stdout.Text, stderr.Text, timedOut, Stopwatch.GetElapsedTime(started))
        {
            Truncated = stdout.Truncated || stderr.Truncated,
        };
    }

    /// <summary>
    /// All a child gets: PATH and HOME as this process has them (where programs and the user's
    /// files are; neither is a secret) and the C locale, so messages read the same everywhere.
    /// </summary>
    public static IReadOnlyList<(string Name, string Value)> ChildEnvironment()
    {
        var environment = new List<(string, string)> { ("LC_ALL", "C"), ("LANG", "C") };
        foreach (var name in new[] { "PATH", "HOME" })
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                environment.Add((name, value));
            }
        }

        return environment;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the timeout and the kill.
        }
    }

    private static async Task WriteStdinAsync(Process process, string? text, CancellationToken cancellationToken)
    {
        try
        {
            if (text is not null)
            {
                await process.StandardInput.WriteAsync(text.AsMemory(), cancellationToken);
                await process.StandardInput.FlushAsync(cancellationToken);
            }

            process.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The child exited or was killed before reading all of its input: its exit says why.
        }
    }

    /// <summary>Drains a stream to its end, keeping the first <c>cap</c> bytes; readable at any moment.</summary>
    private sealed class CappedReader
    {
        private readonly Lock _lock = new();
        private readonly System.Buffers.ArrayBufferWriter<byte> _kept = new();
        private readonly int _cap;

        public CappedReader(Stream stream, int cap)
        {
            _cap = cap;
            Completion = Task.Run(() => DrainAsync(stream));
        }

        public Task Completion { get; }

        public bool Truncated { get; private set; }

        public string Text
        {
            get
            {
                lock (_lock)
                {
                    return Encoding.UTF8.GetString(_kept.WrittenSpan);
                }
            }
        }

        private async Task DrainAsync(Stream stream)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer)) > 0)
                {
                    lock (_lock)
                    {
                        var room = _cap - _kept.WrittenCount;
                        if (room > 0)
                        {
                            System.Buffers.BuffersExtensions.Write(_kept, buffer.AsSpan(0, Math.Min(room, read)));
                        }

                        Truncated |= read > room;
                    }
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The pipe went away with the process: what was read is what there is.
            }
        }
    }
}
