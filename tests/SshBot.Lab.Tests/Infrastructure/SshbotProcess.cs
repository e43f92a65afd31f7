using System.Diagnostics;
using System.Globalization;
using SshBot.Chat.Tests.Support;

namespace SshBot.Lab.Tests.Infrastructure;

/// <summary>
/// The real `sshbot` program as a child process (the JIT build beside the tests), whose output
/// lines the test waits on, and which it can signal or kill as an operator or a supervisor would.
/// </summary>
public sealed class SshbotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly CallLog<string> _stdout = new();
    private readonly CallLog<string> _stderr = new();
    private readonly Task _pumps;

    private SshbotProcess(Process process)
    {
        _process = process;
        _pumps = Task.WhenAll(PumpAsync(process.StandardOutput, _stdout), PumpAsync(process.StandardError, _stderr));
    }

    public int Id => _process.Id;

    public static SshbotProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sshbot.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return new SshbotProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start sshbot"));
    }

    /// <summary>Waits (20 s at most) for a line on stdout that satisfies <paramref name="match"/>.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match) => _stdout.WaitForAsync(match);

    /// <summary>Waits (20 s at most) for a line on stderr that satisfies <paramref name="match"/>.</summary>
    public Task<string> WaitForErrorLineAsync(Func<string, bool> match) => _stderr.WaitForAsync(match);

    public TextWriter Input => _process.StandardInput;

    /// <summary>Sends a signal by name (INT, TERM, KILL) with kill(1).</summary>
    public async Task SignalAsync(string signal)
    {
        var kill = await Shell.RunAsync("kill", ["-" + signal, Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {Id}: {kill.Stderr}");
        }
    }

    /// <summary>Waits for the exit; returns the status and every line written.</summary>
    public async Task<(int ExitCode, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr)> ExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(limit.Token);
        await _pumps;
        return (_process.ExitCode, [.. _stdout.Drain()], [.. _stderr.Drain()]);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        await _pumps;
        _process.Dispose();
    }

    private static async Task PumpAsync(StreamReader reader, CallLog<string> lines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }
    }
}
