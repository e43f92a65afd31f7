using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using SshBot.Chat.Protection;
using SshBot.Chat.Running;
using SshBot.Incidents;

namespace SshBot.Chat.Hosting.Health;

/// <summary>Readiness: the incident store answers a read (every request is recorded there before anything else).</summary>
internal sealed class StoreHealthCheck(IIncidentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ListIncidentsAsync(new IncidentQuery(Limit: 1), cancellationToken);
            return HealthCheckResult.Healthy("the incident store answers");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the incident store does not answer ({e.GetType().Name})", e);
        }
    }
}

/// <summary>
/// Readiness: a knowledge base is loaded. A newer version that was refused leaves the last good one
/// serving, so that is degraded (still ready) with the first problem, by file name only.
/// </summary>
internal sealed class KnowledgeBaseHealthCheck(IKnowledgeBaseSource kb) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var current = kb.Current;
        var problems = kb.Problems;
        var loaded = $"{current.Articles.Count} articles, version {current.Version}";
        return Task.FromResult(
            current.Articles.Count == 0 ? HealthCheckResult.Unhealthy("no knowledge-base article is loaded")
            : problems.Count == 0 ? HealthCheckResult.Healthy(loaded)
            : HealthCheckResult.Degraded($"{loaded}; a newer version was refused: {Path.GetFileName(problems[0].File)}:{problems[0].Line}: {problems[0].Message}"));
    }
}

/// <summary>
/// Readiness: the audit log can be written. Without it every probe is refused, so the bot is not
/// ready. The answer names no path (it answers anyone); the server's log has the whole reason.
/// </summary>
internal sealed partial class AuditLogHealthCheck(IAuditLog audit, ILogger<AuditLogHealthCheck> logger) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (audit.Problem() is { } problem)
        {
            LogUnwritable(logger, problem);
            return Task.FromResult(HealthCheckResult.Unhealthy("the audit log cannot be written, so every probe is refused (the server's log says why)"));
        }

        return Task.FromResult(HealthCheckResult.Healthy("the audit log can be written"));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not ready: {Problem}")]
    private static partial void LogUnwritable(ILogger logger, string problem);
}
