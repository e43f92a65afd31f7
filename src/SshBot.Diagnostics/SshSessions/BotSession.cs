using System.Text;
using Renci.SshNet;

namespace SshBot.Diagnostics.SshSessions;

/// <summary>
/// An authenticated session of the bot (through its jump host when one is configured). It runs
/// only what the bot ships: <see cref="RunScriptAsync"/> starts <c>/bin/sh -s</c> and writes the
/// script to its stdin byte for byte. Disposing it closes the session, the jump host's loopback
/// listener and session, and frees its place under the connector's cap.
/// </summary>
public sealed class BotSession : IBotSession
{
    /// <summary>The command every script runs under; fixed, no argument comes from anywhere.</summary>
    public const string ShellCommand = "/bin/sh -s";

    /// <summary>The default cap on each of stdout and stderr.</summary>
    public const int DefaultMaxOutputBytes = 1024 * 1024;

    private readonly SshClient _client;
    private readonly IDisposable? _jump;
    private readonly Action _release;
    private int _disposed;

    internal BotSession(SshClient client, IDisposable? jump, Action release)
    {
        _client = client;
        _jump = jump;
        _release = release;
    }

    /// <summary>
    /// Runs <paramref name="script"/> (UTF-8, unchanged) on the stdin of <see cref="ShellCommand"/>;
    /// keeps at most <paramref name="maxOutputBytes"/> of each output stream. A timeout is a result
    /// with what was read so far; the caller's cancellation throws.
    /// </summary>
    public async Task<ScriptResult> RunScriptAsync(string script, TimeSpan timeout, CancellationToken cancellationToken, int maxOutputBytes = DefaultMaxOutputBytes)
    {
        ArgumentNullException.ThrowIfNull(script);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        using var command = _client.CreateCommand(ShellCommand, Encoding.UTF8);
        using var deadline = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var stdout = new CappedBuffer(maxOutputBytes);
        var stderr = new CappedBuffer(maxOutputBytes);
        var timedOut = false;
        int? exit = null;
        Task reading = Task.CompletedTask;
        try
        {
            var execution = command.ExecuteAsync(linked.Token);
            // The readers are not cancelled with the command: what the host printed before a
            // timeout is still read, until the channel's streams end when the command is closed.
            reading = Task.WhenAll(stdout.FillAsync(command.OutputStream, CancellationToken.None), stderr.FillAsync(command.ExtendedOutputStream, CancellationToken.None));
            using (var stdin = command.CreateInputStream())
            {
                var bytes = Encoding.UTF8.GetBytes(script);
                await stdin.WriteAsync(bytes, linked.Token);
            }

            await execution;
            exit = command.ExitStatus;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            timedOut = true;
        }

        // After the command ends its streams end; a stalled channel costs at most this much more.
        await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
        return new ScriptResult(exit, stdout.Text, stderr.Text, timedOut, stdout.Truncated || stderr.Truncated);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _client.Dispose();
            _jump?.Dispose();
        }
        finally
        {
            _release();
        }
    }
}

/// <summary>How a script ended: its exit status (null when none came), what it printed, whether it timed out or was cut.</summary>
public sealed record ScriptResult(int? ExitStatus, string Stdout, string Stderr, bool TimedOut, bool Truncated);
