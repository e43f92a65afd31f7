using NATS.Client.Core;
using SshBot.Diagnostics.Engine;
using SshBot.Zones.Wire;

namespace SshBot.Zones.Agent;

/// <summary>Publishes each finished stage on the job's progress subject (core NATS: lost progress only costs an update).</summary>
internal sealed class PublishedProgress(INatsConnection nats, string subject, string jobId, string agent, int delivery) : IProgress<StageReport>
{
    private readonly List<Task> _sent = [];

    public void Report(StageReport value)
    {
        var payload = WireJson.Write(new StageProgress(jobId, agent, delivery, WireStage.From(value)));
        var sending = nats.PublishAsync(subject, payload, serializer: NatsRawSerializer<byte[]>.Default).AsTask();
        lock (_sent)
        {
            _sent.Add(sending);
        }
    }

    /// <summary>Waits for the stages published so far, so they reach the asker before the result does.</summary>
    public async Task FlushAsync()
    {
        Task[] sent;
        lock (_sent)
        {
            sent = [.. _sent];
        }

        try
        {
            await Task.WhenAll(sent);
        }
        catch (NatsException)
        {
            // Progress is best effort; the result is what counts.
        }
    }
}
