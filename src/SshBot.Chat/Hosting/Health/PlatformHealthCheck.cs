using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SshBot.Chat.Slack;
using SshBot.Chat.Teams;
using SshBot.Chat.Telemetry;

namespace SshBot.Chat.Hosting.Health;

/// <summary>
/// Readiness: the configured chat platforms. Slack in Socket Mode must be connected (it receives
/// nothing otherwise); Slack's Web API and Teams' Bot Connector must not have refused the bot's
/// credentials on the latest call (401/403 fail; a 5xx or a timeout only degrades, since it passes).
/// A platform not called yet is ready; one not configured is not checked.
/// </summary>
internal sealed class PlatformHealthCheck(IOptions<SlackOptions> slack, IOptions<TeamsOptions> teams, PlatformStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var parts = new List<(string Name, PlatformState State)>();
        if (slack.Value.Enabled)
        {
            parts.Add(("slack", status.Of("slack") ?? new(PlatformHealth.Ok, "not called yet")));
            if (slack.Value.UsesSocketMode)
            {
                parts.Add(("slack socket mode", status.Of(PlatformStatus.SlackSocket) ?? new(PlatformHealth.Failing, "not connected yet")));
            }
        }

        if (teams.Value.Enabled)
        {
            parts.Add(("teams", status.Of("teams") ?? new(PlatformHealth.Ok, "not called yet")));
        }

        if (parts.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("no chat platform is configured"));
        }

        var description = string.Join("; ", parts.Select(p => $"{p.Name}: {p.State.Detail}"));
        var worst = parts.Max(p => p.State.Health);
        return Task.FromResult(worst switch
        {
            PlatformHealth.Ok => HealthCheckResult.Healthy(description),
            PlatformHealth.Degraded => HealthCheckResult.Degraded(description),
            _ => HealthCheckResult.Unhealthy(description),
        });
    }
}
