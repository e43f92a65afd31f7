namespace SshBot.App.Cli;

/// <summary>
/// An error no command expected, as the commands print theirs: one line, <c>sshbot: ...</c>, exit
/// status 1. The exception in full only at debug level, set as for <c>serve</c>:
/// <c>Logging:LogLevel:Default</c> at Debug or Trace (env <c>Logging__LogLevel__Default=Debug</c>).
/// </summary>
internal static class CliErrors
{
    public static async Task<int> ReportAsync(Exception e, TextWriter error)
    {
        var message = string.Join(' ', e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        await error.WriteLineAsync($"sshbot: {message}");
        if (IsDebug())
        {
            await error.WriteLineAsync(e.ToString());
        }

        return CliHost.ExitFailure;
    }

    private static bool IsDebug()
    {
        string? level;
        try
        {
            level = CliSettings.Load().Configuration["Logging:LogLevel:Default"];
        }
        catch (InvalidDataException)
        {
            // appsettings.json itself is what failed: the environment alone decides.
            level = Environment.GetEnvironmentVariable("Logging__LogLevel__Default");
        }

        return level is not null && (level.Equals("Debug", StringComparison.OrdinalIgnoreCase) || level.Equals("Trace", StringComparison.OrdinalIgnoreCase));
    }
}
