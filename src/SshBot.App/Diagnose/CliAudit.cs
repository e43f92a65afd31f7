using SshBot.Chat.Protection;
using SshBot.Chat.Running;
using SshBot.Diagnostics.Targets;

namespace SshBot.App.Diagnose;

/// <summary>
/// The CLI's policy decisions, written to the same audit log as the server's (<c>Audit__Path</c>,
/// else audit.jsonl in the data directory) with the local operator as who, each before it takes
/// effect. A decision that cannot be written becomes a refusal; a log that cannot be written at
/// all stops the run before anything is probed.
/// </summary>
internal sealed class CliAudit(JsonLinesAuditLog log, string who) : IDecisionRecorder, IDisposable
{
    public static CliAudit Open(SshBot.App.Cli.CliSettings settings) =>
        new(new JsonLinesAuditLog(settings.AuditPath), "cli:" + Environment.UserName);

    /// <summary>Null when the log can be written; otherwise the one line to print.</summary>
    public string? Problem() => log.Problem() is { } problem ? $"{problem}; nothing is probed without an audit log (set Audit__Path or --data-dir)." : null;

    public bool TryRecord(Target target, PolicyDecision decision, out string? why)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(decision);
        try
        {
            log.Write(new AuditRecord(DateTimeOffset.UtcNow, who, target.ToString(), decision.Addresses.Select(a => a.ToString()).ToArray(), decision.Allowed, decision.Reason));
            why = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            why = e.Message;
            return false;
        }
    }

    public void Dispose() => log.Dispose();
}
