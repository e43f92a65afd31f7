using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SshBot.Chat.Slack;
using SshBot.Chat.Teams;

namespace SshBot.Chat.Telemetry;

/// <summary>
/// Logs, traces and metrics of <c>sshbot serve</c>: JSON log lines with a UTC timestamp and the
/// request's scopes, OpenTelemetry for the bot, ASP.NET Core, HttpClient and Npgsql, a Prometheus
/// scrape endpoint and, when a collector is configured, OTLP export.
/// </summary>
public static class TelemetryServices
{
    /// <summary>
    /// JSON console lines with a UTC timestamp and scopes (the trace id, the event or work id, the
    /// incident id). Defaults, which appsettings and Logging__* variables override: the bot at
    /// Information, the framework (Microsoft.*) at Warning but for its start and stop lines.
    /// </summary>
    public static WebApplicationBuilder AddBotLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            },
        });
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        return builder;
    }

    /// <summary>Traces and metrics with their exporters, as <c>Telemetry:*</c> (and the standard OTEL_* variables) say.</summary>
    /// <exception cref="InvalidOperationException">A Telemetry:* setting is invalid (one sentence naming it).</exception>
    public static WebApplicationBuilder AddBotTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.Problem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        var services = builder.Services;
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName);
        services.AddSingleton<PlatformStatus>();
        services.AddSingleton<QueueDepthGauge>();
        services.AddHttpClient(nameof(SlackWebApi)).AddHttpMessageHandler(sp => new OutboundObserver("slack", sp.GetRequiredService<PlatformStatus>()));
        services.AddHttpClient(nameof(BotConnectorClient)).AddHttpMessageHandler(sp => new OutboundObserver("teams", sp.GetRequiredService<PlatformStatus>()));

        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName))
            .WithTracing(t => t
                .AddSource(BotTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context, options))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(m =>
            {
                m.AddMeter(BotTelemetry.Name, "Npgsql").AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (options.MetricsPath.Length > 0)
                {
                    m.AddPrometheusExporter();
                }
            });
        if (!string.IsNullOrEmpty(options.OtlpEndpoint))
        {
            otel.UseOtlpExporter(options.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf, new Uri(options.OtlpEndpoint));
        }
        else if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Serves the Prometheus scrape endpoint to loopback and Telemetry:MetricsAllowFrom; anyone else gets 404.</summary>
    public static WebApplication MapBotTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Services.GetRequiredService<QueueDepthGauge>();
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value;
        if (options.MetricsPath.Length > 0)
        {
            var allowed = options.MetricsAllowFrom.Select(n => IPNetwork.Parse(n)).ToArray();
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Request.Path == options.MetricsPath && MayScrape(context.Connection.RemoteIpAddress, allowed));
        }

        return app;
    }

    internal static bool MayScrape(IPAddress? remote, IPNetwork[] allowed)
    {
        if (remote is null)
        {
            return false;
        }

        var address = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        return IPAddress.IsLoopback(address) || allowed.Any(n => n.Contains(address));
    }

    /// <summary>Health probes and scrapes come every few seconds and say nothing about a request: not traced.</summary>
    private static bool IsProbe(HttpContext context, TelemetryOptions options) =>
        context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || (options.MetricsPath.Length > 0 && context.Request.Path == options.MetricsPath);
}
