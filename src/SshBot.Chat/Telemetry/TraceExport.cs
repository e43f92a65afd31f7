using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SshBot.Chat.Telemetry;

/// <summary>
/// Exports the bot's spans over OTLP from a process that is not the web server: a zone agent.
/// Its "zone job" spans continue the replica's trace (the job carries its traceparent), so they
/// are only worth anything once they reach the same collector. Same settings as <c>serve</c>:
/// Telemetry:OtlpEndpoint and Telemetry:OtlpProtocol, else the standard OTEL_* variables.
/// </summary>
public static class TraceExport
{
    /// <summary>
    /// Starts exporting, or returns null when no collector is configured; <paramref name="serviceName"/>
    /// unless Telemetry:ServiceName says otherwise. Dispose the provider to
    /// send what is still buffered. Throws <see cref="ArgumentException"/> with one sentence for a
    /// bad setting.
    /// </summary>
    public static TracerProvider? Start(IConfiguration configuration, string serviceName, string instance)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new TelemetryOptions();
        configuration.GetSection(TelemetryOptions.SectionName).Bind(options);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem);
        }

        var builder = Sdk.CreateTracerProviderBuilder()
            .AddSource(BotTelemetry.Name)
            .ConfigureResource(r => r.AddService(
                configuration["Telemetry:ServiceName"] is { Length: > 0 } configured ? configured : serviceName, serviceInstanceId: instance));
        if (!string.IsNullOrEmpty(options.OtlpEndpoint))
        {
            var grpc = options.OtlpProtocol == "grpc";
            builder.AddOtlpExporter(o =>
            {
                o.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                // An endpoint set in code is used as given: over HTTP the signal's path is ours to add.
                o.Endpoint = grpc ? new Uri(options.OtlpEndpoint) : new Uri(options.OtlpEndpoint.TrimEnd('/') + "/v1/traces");
            });
        }
        else if (!string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.AddOtlpExporter();
        }
        else
        {
            return null;
        }

        return builder.Build();
    }
}
