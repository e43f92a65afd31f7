using System.Collections.Concurrent;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.SshSessions;

namespace SshBot.Diagnostics.Probes.Authenticate;

/// <summary>
/// Hands the authenticate stage's accepted session to the inspect stage of the same diagnosis,
/// so the inspection runs in the session the login opened instead of logging in again. A session
/// nobody takes (the plan was cancelled, the inspection skipped) is closed after
/// <see cref="KeepFor"/>, so it never holds its place under the cap for long.
/// </summary>
public sealed class LoginHandoff
{
    private readonly ConcurrentDictionary<DiagnosisContext, IBotSession> _open = new();

    /// <summary>How long an offered session waits to be taken.</summary>
    public TimeSpan KeepFor { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Sessions offered and not yet taken or closed.</summary>
    public int Waiting => _open.Count;

    /// <summary>Keeps <paramref name="session"/> for <paramref name="context"/>'s inspection.</summary>
    public void Offer(DiagnosisContext context, IBotSession session)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(session);
        if (!_open.TryAdd(context, session))
        {
            session.Dispose();
            return;
        }

        _ = ExpireAsync(context, session);
    }

    /// <summary>The session offered for <paramref name="context"/>, now the caller's to dispose; null when none is.</summary>
    public IBotSession? Take(DiagnosisContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _open.TryRemove(context, out var session) ? session : null;
    }

    private async Task ExpireAsync(DiagnosisContext context, IBotSession session)
    {
        await Task.Delay(KeepFor, CancellationToken.None).ConfigureAwait(false);
        if (_open.TryRemove(new KeyValuePair<DiagnosisContext, IBotSession>(context, session)))
        {
            session.Dispose();
        }
    }
}
