using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SshBot.Chat.Running;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Seams;
using SshBot.Zones.Configuration;
using SshBot.Zones.Running;

namespace SshBot.Zones.Hosting;

/// <summary>
/// <c>serve</c> with zones: when the configuration has a <c>Zones</c> section, diagnoses run on the
/// zones' agents through NATS instead of on this machine. Without one nothing is registered and
/// the server runs the local engine as on a single machine.
/// </summary>
public static class ZoneServices
{
    /// <summary>For <c>ServeHost.RunAsync</c>: reads and checks the zones and NATS settings at start-up.</summary>
    public static void Configure(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddZones(builder.Configuration);
    }

    /// <exception cref="ZoneConfigurationException">The zones or NATS settings are unusable.</exception>
    public static IServiceCollection AddZones(this IServiceCollection services, IConfiguration configuration)
    {
        var map = ZoneSettings.ReadZones(configuration);
        if (map.IsEmpty)
        {
            return services;
        }

        var nats = ZoneSettings.ReadNats(configuration);
        services.AddSingleton(_ => new ZoneBackend(nats, [.. map.Zones.Select(z => z.Name)], $"sshbot-replica {Environment.MachineName}-{Environment.ProcessId}"));
        services.AddSingleton<IDiagnosisRunner>(sp => new ZoneDiagnosisRunner(map, sp.GetRequiredService<ZoneBackend>(), new DiagnosisOptions(), sp.GetService<IDnsResolver>()));
        services.AddHostedService<ZoneStartup>();
        return services;
    }

    /// <summary>Creates the deployment's stream, consumers and buckets as the server starts, so agents find their consumer before the first job.</summary>
    private sealed class ZoneStartup(ZoneBackend backend) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await backend.ClientAsync(stoppingToken);
                    return;
                }
                catch (NATS.Client.Core.NatsException)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
            }
        }
    }
}
