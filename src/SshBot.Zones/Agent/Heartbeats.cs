using NATS.Client.Core;
using NATS.Client.JetStream;
using SshBot.Zones.Configuration;
using SshBot.Zones.Wire;

namespace SshBot.Zones.Agent;

/// <summary>
/// An agent's heartbeat: a put to <c>ZONE.AGENT</c> in the agents bucket every
/// <see cref="NatsSettings.HeartbeatInterval"/>, stamped by the server; replicas read it to tell
/// whether the zone has an agent online and, when not, since when.
/// </summary>
internal sealed class Heartbeats(INatsJSContext js, NatsSettings settings, AgentOptions agent, TimeProvider time)
{
    private readonly DateTimeOffset _started = time.GetUtcNow();

    private string Subject => $"$KV.{settings.AgentsBucket}.{agent.Zone}.{agent.Id}";

    public async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(settings.HeartbeatInterval, time);
        try
        {
            do
            {
                try
                {
                    await BeatAsync(stopping: false, ct);
                }
                catch (NatsException)
                {
                    // NATS is away; the next beat tries again.
                }
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Says the agent is going away, so the zone shows offline at once when it was the last one.</summary>
    public async Task StoppingAsync()
    {
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await BeatAsync(stopping: true, bounded.Token);
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException)
        {
            // Then the zone goes offline by the heartbeat's age instead.
        }
    }

    private async Task BeatAsync(bool stopping, CancellationToken ct)
    {
        var beat = new AgentHeartbeat(agent.Id, agent.Zone, _started, time.GetUtcNow(), stopping);
        var ack = await js.PublishAsync(Subject, WireJson.Write(beat), NatsRawSerializer<byte[]>.Default, cancellationToken: ct);
        ack.EnsureSuccess();
    }
}
