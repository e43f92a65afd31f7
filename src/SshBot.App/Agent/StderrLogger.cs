using Microsoft.Extensions.Logging;

namespace SshBot.App.Agent;

/// <summary>
/// The agent's log: one line per event on stderr ("sshbot agent: warning: ..."), for journald or
/// a container's log. Hand-written rather than the console logger, which the native program would
/// carry for nothing else.
/// </summary>
internal sealed class StderrLogger(TextWriter error, LogLevel minimum = LogLevel.Information) : ILogger
{
    private readonly Lock _lock = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = $"sshbot agent: {logLevel.ToString().ToLowerInvariant()}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}";
        lock (_lock)
        {
            error.WriteLine(line);
            error.Flush();
        }
    }
}
