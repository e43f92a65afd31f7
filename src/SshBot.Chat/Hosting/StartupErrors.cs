using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SshBot.Incidents;

namespace SshBot.Chat.Hosting;

/// <summary>
/// A start of <c>serve</c> that fails is one sentence on stderr, not the host's "Hosting failed to
/// start" log line with the whole stack trace before it. The stack trace is for debugging: with
/// <c>Logging:LogLevel:Default</c> at Debug or Trace (env <c>Logging__LogLevel__Default=Debug</c>)
/// the host's log line stays and stderr gets the exception in full. Errors after start-up are
/// logged as before.
/// </summary>
internal sealed class StartupErrors
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";
    private volatile bool _started;
    private volatile bool _debug = IsDebug(Environment.GetEnvironmentVariable("Logging__LogLevel__Default"));

    /// <summary>Reads the level from the server's own configuration and quiets the host's start-up failure line below debug.</summary>
    public void Configure(WebApplicationBuilder builder)
    {
        _debug = IsDebug(builder.Configuration["Logging:LogLevel:Default"]);
        builder.Logging.AddFilter(HostCategory, level => _debug || (level >= LogLevel.Information && (_started || level < LogLevel.Error)));
    }

    /// <summary>From here on the host's errors are the running server's, and logged.</summary>
    public void Started() => _started = true;

    /// <summary>Prints the failure; returns the exit status: 2 for a setting the server refuses, 1 for anything else.</summary>
    public async Task<int> ReportAsync(Exception e, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(error);
        var refused = e is OptionsValidationException or IncidentStoreException or InvalidOperationException or SshBot.Diagnostics.SshSessions.SshConfigurationException;
        var sentence = OneLine(e.Message);
        await error.WriteLineAsync(refused ? $"sshbot serve: {sentence}" : $"sshbot serve: {(_started ? "stopped on an error" : "could not start")}: {sentence}");
        if (_debug)
        {
            await error.WriteLineAsync(e.ToString());
        }

        return refused ? ServeHost.ExitInvalidInput : ServeHost.ExitFailure;
    }

    private static bool IsDebug(string? level) =>
        string.Equals(level, nameof(LogLevel.Debug), StringComparison.OrdinalIgnoreCase) || string.Equals(level, nameof(LogLevel.Trace), StringComparison.OrdinalIgnoreCase);

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
