using System.Net;
using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.SshSessions;

/// <summary>
/// The seam around the bot's own SSH sessions (the outside world): log in as the bot, and run
/// a shipped script in the session. <see cref="BotSshConnector"/> is the real one (SSH.NET);
/// unit tests substitute it to see exactly what would have been sent.
/// </summary>
public interface IBotLogins
{
    /// <summary>The base of a login's timeout (<see cref="SshOptions.ConnectTimeout"/>).</summary>
    TimeSpan ConnectTimeout { get; }

    /// <summary>Logs in to <paramref name="address"/>, validated for <paramref name="target"/>; the session is open only when accepted.</summary>
    Task<LoginResult> LoginAsync(Target target, IPAddress address, RequestOrigin origin, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>An authenticated session of the bot.</summary>
public interface IBotSession : IDisposable
{
    /// <summary>Runs <paramref name="script"/> on the stdin of <c>/bin/sh -s</c>; a timeout is a result, the caller's cancellation throws.</summary>
    Task<ScriptResult> RunScriptAsync(string script, TimeSpan timeout, CancellationToken cancellationToken, int maxOutputBytes = BotSession.DefaultMaxOutputBytes);
}
