using System.Diagnostics;
using SshBot.Chat.Telemetry;

namespace SshBot.Zones.Tests.Support;

/// <summary>
/// Records the bot's spans in the test process, as an exporter would: without a listener no span
/// is created, so no traceparent goes out with a job.
/// </summary>
public static class BotSpans
{
    /// <summary>Listens until disposed; <paramref name="stopped"/> sees each span that ends.</summary>
    public static ActivityListener Listen(Action<Activity>? stopped = null)
    {
        var listener = new ActivityListener
        {
            // The name, not BotTelemetry.Source.Name: the source may be created while this listener is added.
            ShouldListenTo = s => s.Name == BotTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
