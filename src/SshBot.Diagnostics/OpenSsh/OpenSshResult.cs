namespace SshBot.Diagnostics.OpenSsh;

/// <summary>
/// How one <c>ssh</c> run ended. <see cref="ExitCode"/> is 255 when ssh itself failed (connect,
/// host key, authentication) and the remote command's status otherwise; <see cref="Stderr"/>
/// holds ssh's own <c>-v</c> debug lines, which the authenticate stage parses.
/// </summary>
public sealed record OpenSshResult(int ExitCode, string Stdout, string Stderr, bool TimedOut, TimeSpan Elapsed)
{
    /// <summary>The exit code OpenSSH uses for its own errors.</summary>
    public const int SshError = 255;
}
