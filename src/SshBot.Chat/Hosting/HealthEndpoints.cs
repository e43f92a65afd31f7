using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SshBot.Chat.Hosting.Health;
using SshBot.Chat.Protection;
using SshBot.Chat.Running;
using SshBot.Incidents;

namespace SshBot.Chat.Hosting;

/// <summary>
/// Health probes. <c>GET /health/live</c>: the process is up and serving HTTP (no dependency is
/// checked, so a restart is never triggered by a store outage). <c>GET /health/ready</c>: ASP.NET
/// Core health checks of the store, the knowledge base, the audit log and the configured chat
/// platforms; 503 with the failing check named when one fails. <c>GET /health</c> stays as it was
/// for older probes: the store and the audit log (503 when either fails) and the knowledge base served.
/// </summary>
public static class HealthEndpoints
{
    private const string Ready = "ready";

    /// <summary>The checks behind <c>/health/ready</c>.</summary>
    public static IServiceCollection AddBotHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [Ready])
            .AddCheck<KnowledgeBaseHealthCheck>("knowledgeBase", tags: [Ready])
            .AddCheck<AuditLogHealthCheck>("audit", tags: [Ready])
            .AddCheck<PlatformHealthCheck>("platforms", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = ReadinessBody.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = ReadinessBody.WriteAsync });
        app.MapGet("/health", async (IIncidentStore store, IKnowledgeBaseSource kb, IAuditLog audit, CancellationToken ct) =>
        {
            string storeStatus;
            try
            {
                await store.ListIncidentsAsync(new IncidentQuery(Limit: 1), ct);
                storeStatus = "ok";
            }
#pragma warning disable CA1031 // Whatever the store throws, health reports it as failing rather than failing itself.
            catch (Exception)
#pragma warning restore CA1031
            {
                storeStatus = "failing";
            }

            var auditStatus = audit.Problem() is null ? "ok" : "failing";
            var healthy = storeStatus == "ok" && auditStatus == "ok";
            var knowledgeBase = kb.Current;
            var body = new HealthBody(healthy ? "ok" : "degraded", storeStatus, HealthKnowledgeBase.Of(knowledgeBase, kb.Problems)) { Audit = auditStatus };
            // Ok writes with the host's JSON options, which know HealthBody (AddHealthJson); no reflection.
            return healthy ? Results.Ok(body) : Results.Json(body, ChatJsonContext.Default.HealthBody, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }

    /// <summary>Lets the host's JSON options (<c>Results.Ok</c>) write the health body from generated code, as Native AOT requires.</summary>
    public static IServiceCollection AddHealthJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ChatJsonContext.Default));
}

/// <summary>The body of <c>GET /health</c>: <c>{"status","store","knowledgeBase":{"articles","version","status","problem"},"audit"}</c>.</summary>
internal sealed record HealthBody(string Status, string Store, HealthKnowledgeBase KnowledgeBase)
{
    /// <summary>ok, or failing when the audit log cannot be written (and so every probe is refused).</summary>
    public string Audit { get; init; } = "ok";
}

/// <summary>
/// The knowledge base served: its size and version, and "stale" with the first problem when a newer
/// folder or stored state was refused (the last good version keeps serving, so the bot stays up). The problem names the file, not its path: /health answers anyone.
/// </summary>
internal sealed record HealthKnowledgeBase(int Articles, string Version, string Status, string? Problem)
{
    public static HealthKnowledgeBase Of(SshBot.KnowledgeBase.KnowledgeBase current, IReadOnlyList<SshBot.KnowledgeBase.Linting.LintProblem> problems) =>
        new(current.Articles.Count, current.Version.ToString(), problems.Count == 0 ? "ok" : "stale", problems.Count == 0 ? null : $"{Path.GetFileName(problems[0].File)}:{problems[0].Line}: {problems[0].Message}");
}
