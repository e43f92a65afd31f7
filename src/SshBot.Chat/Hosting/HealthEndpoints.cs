using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SshBot.Chat.Protection;
using SshBot.Chat.Running;
using SshBot.Incidents;

namespace SshBot.Chat.Hosting;

/// <summary>
/// <c>GET /health</c>: whether the incident store answers, whether the audit log can be written
/// (without it every probe is refused, so the bot is not healthy) and which knowledge base is served.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
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
            var body = new HealthBody(healthy ? "ok" : "degraded", storeStatus, new HealthKnowledgeBase(knowledgeBase.Articles.Count)) { Audit = auditStatus };
            // Ok writes with the host's JSON options, which know HealthBody (AddHealthJson); no reflection.
            return healthy ? Results.Ok(body) : Results.Json(body, ChatJsonContext.Default.HealthBody, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }

    /// <summary>Lets the host's JSON options (<c>Results.Ok</c>) write the health body from generated code, as Native AOT requires.</summary>
    public static IServiceCollection AddHealthJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ChatJsonContext.Default));
}

/// <summary>The body of <c>GET /health</c>: <c>{"status","store","knowledgeBase":{"articles"},"audit"}</c>.</summary>
internal sealed record HealthBody(string Status, string Store, HealthKnowledgeBase KnowledgeBase)
{
    /// <summary>ok, or failing when the audit log cannot be written (and so every probe is refused).</summary>
    public string Audit { get; init; } = "ok";
}

internal sealed record HealthKnowledgeBase(int Articles);
