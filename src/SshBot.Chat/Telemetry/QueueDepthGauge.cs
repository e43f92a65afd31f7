using System.Diagnostics.Metrics;
using SshBot.Incidents.Work;

namespace SshBot.Chat.Telemetry;

/// <summary>
/// <c>sshbot.queue.depth</c>: requests queued and running in the work inbox, read from the store
/// when metrics are collected (the store is shared by replicas, so every replica reports the whole queue).
/// </summary>
internal sealed class QueueDepthGauge
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);

    public QueueDepthGauge(IMeterFactory meters, IWorkInbox inbox)
    {
        ArgumentNullException.ThrowIfNull(meters);
        meters.Create(BotTelemetry.Name).CreateObservableGauge("sshbot.queue.depth", () => Observe(inbox), "{request}", "Chat requests in the work queue, by state (queued, running).");
    }

    private static IEnumerable<Measurement<int>> Observe(IWorkInbox inbox)
    {
        WorkCounts counts;
        try
        {
            // Instruments are observed synchronously; a store that does not answer soon leaves the gauge out of this collection.
            counts = inbox.CountAsync().WaitAsync(ReadTimeout).GetAwaiter().GetResult();
        }
#pragma warning disable CA1031 // A failing store is the readiness check's to report; the gauge just has no value this time.
        catch (Exception)
#pragma warning restore CA1031
        {
            return [];
        }

        return [new(counts.Queued, new KeyValuePair<string, object?>("state", "queued")), new(counts.Running, new KeyValuePair<string, object?>("state", "running"))];
    }
}
