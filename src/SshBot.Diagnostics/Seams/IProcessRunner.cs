namespace SshBot.Diagnostics.Seams;

/// <summary>
/// Starts a program with an argument list (never through a shell), feeds it optional stdin
/// text, captures its output up to a byte cap and kills its process tree on timeout or
/// cancellation. The seam tests substitute to see exactly what would have been run.
/// </summary>
public interface IProcessRunner
{
    /// <summary>
    /// Runs the request to completion or timeout. A timeout is a result (<see cref="ProcessResult.TimedOut"/>);
    /// cancellation by the caller kills the process and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken cancellationToken);
}

/// <summary>One program to run: the file, its arguments one by one, what to write to its stdin.</summary>
public sealed record ProcessRequest(string FileName, IReadOnlyList<string> Arguments, string? Stdin, TimeSpan Timeout)
{
    /// <summary>The default cap on each of stdout and stderr.</summary>
    public const int DefaultMaxOutputBytes = 1024 * 1024;

    /// <summary>Bytes kept from each of stdout and stderr; the rest is read and dropped so the child never blocks.</summary>
    public int MaxOutputBytes { get; init; } = DefaultMaxOutputBytes;
}

/// <summary>How a program ended and what it printed (each stream cut at the request's cap).</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, bool TimedOut, TimeSpan Elapsed)
{
    /// <summary>True when either stream printed more than the cap and was cut.</summary>
    public bool Truncated { get; init; }
}
