using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SshBot.Chat.Hosting.Health;

/// <summary>
/// The body of <c>/health/ready</c> and <c>/health/live</c>:
/// <c>{"status":"unhealthy","checks":[{"name":"audit","status":"unhealthy","description":"..."}]}</c>,
/// so whoever reads a failing probe sees which check failed and why.
/// </summary>
internal sealed record ReadinessBody(string Status, IReadOnlyList<ReadinessEntry> Checks)
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var body = new ReadinessBody(
            Text(report.Status),
            [.. report.Entries.Select(e => new ReadinessEntry(e.Key, Text(e.Value.Status), e.Value.Description, (long)e.Value.Duration.TotalMilliseconds))]);
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, ReadinessJsonContext.Default.ReadinessBody, context.RequestAborted);
    }

    private static string Text(HealthStatus status) => status.ToString().ToLowerInvariant();
}

internal sealed record ReadinessEntry(string Name, string Status, string? Description, long Ms);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReadinessBody))]
internal sealed partial class ReadinessJsonContext : JsonSerializerContext;
