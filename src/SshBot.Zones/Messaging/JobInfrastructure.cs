using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;
using SshBot.Zones.Configuration;

namespace SshBot.Zones.Messaging;

/// <summary>
/// Creates (or brings up to date) the deployment's JetStream objects: the work-queue stream with
/// one subject per zone, a durable pull consumer per zone shared by its agents, and the results and
/// agents buckets. Replicas do this at start; agents only use what exists, so their NATS users need
/// no right to create or change anything.
/// </summary>
public static class JobInfrastructure
{
    public static async Task EnsureAsync(INatsJSContext js, NatsSettings settings, IEnumerable<string> zones, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(js);
        ArgumentNullException.ThrowIfNull(settings);
        await js.CreateOrUpdateStreamAsync(
            new StreamConfig(settings.JobsStream, [$"sshbot.{settings.Deployment}.jobs.*"])
            {
                Retention = StreamConfigRetention.Workqueue,
                Storage = StreamConfigStorage.File,
                DuplicateWindow = settings.DuplicateWindow,
                MaxAge = settings.JobMaxAge,
                Discard = StreamConfigDiscard.New,
            },
            ct);
        foreach (var zone in zones)
        {
            await js.CreateOrUpdateConsumerAsync(
                settings.JobsStream,
                new ConsumerConfig(NatsSettings.ConsumerName(zone))
                {
                    FilterSubject = settings.JobSubject(zone),
                    AckPolicy = ConsumerConfigAckPolicy.Explicit,
                    AckWait = settings.AckWait,
                    MaxDeliver = settings.MaxDeliver,
                    MaxAckPending = 10_000,
                },
                ct);
        }

        // Results keep a short history although each job's key is written once (agents store with
        // "expected last sequence 0"): it shows, should that ever break, that a job was answered twice.
        var kv = new NatsKVContext(js);
        await kv.CreateOrUpdateStoreAsync(new NatsKVConfig(settings.ResultsBucket) { History = 5, MaxAge = settings.ResultMaxAge, Storage = NatsKVStorageType.File }, ct);
        await kv.CreateOrUpdateStoreAsync(new NatsKVConfig(settings.AgentsBucket) { History = 1, MaxAge = TimeSpan.FromDays(7), Storage = NatsKVStorageType.File }, ct);
    }
}
