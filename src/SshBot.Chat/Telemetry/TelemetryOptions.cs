namespace SshBot.Chat.Telemetry;

/// <summary>Metrics, traces and their exporters (section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// Where Prometheus scrapes the metrics; empty turns the endpoint off. It answers loopback and
    /// <see cref="MetricsAllowFrom"/> only: the webhook port usually faces Slack and Teams.
    /// </summary>
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>Networks (CIDR) besides loopback that may scrape <see cref="MetricsPath"/>, e.g. the Prometheus server's.</summary>
    public List<string> MetricsAllowFrom { get; } = [];

    /// <summary>
    /// An OTLP collector to export traces, metrics and logs to, e.g. http://collector:4318. Empty: the
    /// standard OTEL_EXPORTER_OTLP_ENDPOINT (and the other OTEL_* variables) decide; neither: no export.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>grpc or http/protobuf (the default, port 4318).</summary>
    public string OtlpProtocol { get; set; } = "http/protobuf";

    /// <summary>The service.name of the exported telemetry.</summary>
    public string ServiceName { get; set; } = "sshbot";

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem()
    {
        if (MetricsPath.Length > 0 && !MetricsPath.StartsWith('/'))
        {
            return $"Telemetry:MetricsPath must start with '/' (got '{MetricsPath}').";
        }

        if (MetricsAllowFrom.FirstOrDefault(n => !System.Net.IPNetwork.TryParse(n, out _)) is { } bad)
        {
            return $"Telemetry:MetricsAllowFrom: '{bad}' is not a network (CIDR, e.g. 10.0.0.0/8).";
        }

        if (!string.IsNullOrEmpty(OtlpEndpoint) && !(Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            return $"Telemetry:OtlpEndpoint must be an http or https URL (got '{OtlpEndpoint}').";
        }

        return OtlpProtocol is "grpc" or "http/protobuf" ? null : $"Telemetry:OtlpProtocol must be grpc or http/protobuf (got '{OtlpProtocol}').";
    }
}
