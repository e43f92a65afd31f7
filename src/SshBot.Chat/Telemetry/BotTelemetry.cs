using System.Diagnostics;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Targets;

namespace SshBot.Chat.Telemetry;

/// <summary>
/// The bot's spans. A request is traced from the webhook (ASP.NET Core's span) through the stored
/// work item (which carries the webhook's W3C traceparent, so the link survives a restart or another
/// replica running it) to the diagnosis, one child span per stage, and the replies (HttpClient spans).
/// </summary>
public static class BotTelemetry
{
    /// <summary>The name of the bot's ActivitySource and Meter.</summary>
    public const string Name = "SshBot";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>The W3C traceparent of the current span, to store with work that runs later; null when nothing is traced.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The span of one stored request, a child of the span that stored it (the webhook) when its traceparent is known.</summary>
    public static Activity? StartWork(string key, string kind, string platform, int attempt, string? traceParent)
    {
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent);
        var span = Source.StartActivity($"chat.work {kind}", ActivityKind.Consumer, parent);
        span?.SetTag("sshbot.channel", BotMetrics.Channel(platform));
        span?.SetTag("sshbot.work.id", key);
        span?.SetTag("sshbot.work.attempt", attempt);
        return span;
    }

    /// <summary>The span of one diagnosis: a child of the request that started it.</summary>
    public static Activity? StartDiagnosis(Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var span = Source.StartActivity("diagnose", ActivityKind.Internal);
        span?.SetTag("server.address", target.Host);
        span?.SetTag("server.port", target.Port);
        return span;
    }

    /// <summary>
    /// A finished stage: a child span of the diagnosis that ends now and started the stage's
    /// duration ago (the engine reports a stage once it is over), and its duration metric.
    /// </summary>
    public static void StageFinished(Activity? diagnosis, StageReport stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        BotMetrics.StageDuration.Record(stage.Ms / 1000.0, new("stage", BotMetrics.Bounded(stage.Name)), new("status", stage.StatusText));
        if (diagnosis is null)
        {
            return;
        }

        using var span = Source.StartActivity($"stage {stage.Name}", ActivityKind.Internal, diagnosis.Context, startTime: DateTimeOffset.UtcNow.AddMilliseconds(-stage.Ms));
        span?.SetTag("sshbot.stage", stage.Name);
        span?.SetTag("sshbot.stage.status", stage.StatusText);
    }
}
