using System.Diagnostics;

namespace SshBot.Lab.Tests.Infrastructure;

/// <summary>Runs a program with an argument list (never a shell string) and a time limit.</summary>
public static class Shell
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed);

    public static Task<Result> RunAsync(string program, IEnumerable<string> args, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        RunAsync(program, args, timeout, stdin: null, environment: null, cancellationToken);

    /// <summary>As above, writing <paramref name="stdin"/> to the program's input and adding <paramref name="environment"/> to its environment.</summary>
    public static async Task<Result> RunAsync(string program, IEnumerable<string> args, TimeSpan timeout, string? stdin, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var started = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            // What it printed before it was stopped says where it hung.
            string[] printed;
            try
            {
                printed = await Task.WhenAll(stdout, stderr).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                printed = ["(not read)", "(not read)"];
            }

            throw new TimeoutException($"{program} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}"
                + $"\n--- stdout ---\n{Tail(printed[0])}\n--- stderr ---\n{Tail(printed[1])}");
        }

        return new Result(process.ExitCode, await stdout, await stderr, started.Elapsed);
    }

    private static string Tail(string text) => text.Length <= 8000 ? text : "..." + text[^8000..];
}
