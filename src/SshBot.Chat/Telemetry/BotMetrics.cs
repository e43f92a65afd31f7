using System.Diagnostics.Metrics;

namespace SshBot.Chat.Telemetry;

/// <summary>
/// The bot's metrics (Meter <c>SshBot</c>). Every label has a bounded set of values: a channel, an
/// outcome, a stage, a verdict id from the knowledge base, an HTTP status; never a host or a user.
/// </summary>
public static class BotMetrics
{
    private static readonly Meter Meter = new(BotTelemetry.Name);

    /// <summary>Chat requests offered to the inbox, by channel and outcome (accepted, duplicate, busy, requester-full).</summary>
    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("sshbot.requests", "{request}", "Chat requests received, by channel and outcome.");

    /// <summary>From the request entering the inbox to the platform being answered (stored, or refused with 503).</summary>
    public static readonly Histogram<double> AcknowledgementDuration = Meter.CreateHistogram<double>("sshbot.acknowledgement.duration", "s", "Time to acknowledge a chat request (store it before answering the platform).");

    /// <summary>A whole diagnosis, by verdict (a knowledge-base id, none, refused or failed).</summary>
    public static readonly Histogram<double> DiagnosisDuration = Meter.CreateHistogram<double>("sshbot.diagnosis.duration", "s", "Duration of a diagnosis, by verdict.");

    /// <summary>One stage of a diagnosis, by stage and status (ok, failed, skipped, ...).</summary>
    public static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>("sshbot.diagnosis.stage.duration", "s", "Duration of a diagnosis stage, by stage and status.");

    /// <summary>Every HTTP call to a chat platform (each try), by platform and status code (or error).</summary>
    public static readonly Counter<long> OutboundCalls = Meter.CreateCounter<long>("sshbot.outbound.calls", "{call}", "Calls to chat platforms, by platform and status.");

    /// <summary>Tries made again after a transient answer, by platform and the status that caused them.</summary>
    public static readonly Counter<long> OutboundRetries = Meter.CreateCounter<long>("sshbot.outbound.retries", "{retry}", "Calls to chat platforms tried again, by platform and the status that caused it.");

    /// <summary>Requests the bot refused to act on, by reason (policy, rate-limit, not-a-target, audit-log, queue-full, requester-full).</summary>
    public static readonly Counter<long> Refusals = Meter.CreateCounter<long>("sshbot.refusals", "{refusal}", "Requests refused, by reason.");

    /// <summary>The channel label: the platforms the bot speaks, anything else as "other".</summary>
    public static string Channel(string? platform) => platform switch
    {
        "slack" or "teams" or "console" => platform,
        _ => "other",
    };

    /// <summary>A label value from a fixed vocabulary (stage names, knowledge-base ids): short and plain, else "other".</summary>
    public static string Bounded(string? value) =>
        value is { Length: > 0 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? value : "other";

    public static void Refused(string reason) => Refusals.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
