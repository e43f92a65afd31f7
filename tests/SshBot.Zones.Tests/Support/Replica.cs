using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using SshBot.Chat.Running;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Targets;
using SshBot.Zones.Configuration;
using SshBot.Zones.Running;

namespace SshBot.Zones.Tests.Support;

/// <summary>A replica's side: the zone runner on its own NATS connection, as <c>serve</c> builds it.</summary>
public sealed class Replica : IAsyncDisposable
{
    private Replica(NatsServer server, ZoneMap map, string name)
    {
        Map = map;
        Settings = server.Settings("replica");
        Backend = new ZoneBackend(Settings, [.. map.Zones.Select(z => z.Name)], name);
        Runner = new ZoneDiagnosisRunner(map, Backend, new DiagnosisOptions());
    }

    public ZoneMap Map { get; }

    public NatsSettings Settings { get; }

    public ZoneBackend Backend { get; }

    public ZoneDiagnosisRunner Runner { get; }

    /// <summary>dc1 covers 198.18.1.0/24 and dc1.sshbot.test; office (alias "office VPN") covers 198.18.2.0/24.</summary>
    public static ZoneMap TwoZones() => new(
    [
        new Zone("dc1", [System.Net.IPNetwork.Parse("198.18.1.0/24")], ["dc1.sshbot.test"], ["data centre"]),
        new Zone("office", [System.Net.IPNetwork.Parse("198.18.2.0/24")], [], ["office VPN"]),
    ]);

    /// <summary>A replica whose stream, consumers and buckets exist.</summary>
    public static async Task<Replica> StartAsync(NatsServer server, string name = "replica-1", ZoneMap? map = null)
    {
        var replica = new Replica(server, map ?? TwoZones(), name);
        await replica.Backend.ClientAsync(TestContext.Current.CancellationToken);
        return replica;
    }

    public Task<Diagnosis> RunAsync(string target, string jobId, IProgress<StageReport>? progress = null, params string[] zones) =>
        Runner.RunAsync(TargetParser.Parse(target), RequestOrigin.Chat, new DiagnosisJob(jobId) { Zones = zones }, progress ?? new Progress<StageReport>(), TestContext.Current.CancellationToken);

    /// <summary>Waits for the agent's first heartbeat (a put the server stamped), so its zone counts as online.</summary>
    public async Task WaitOnlineAsync(string zone, string agent)
    {
        var kv = new NatsKVContext(new NatsJSContext(Backend.Connection));
        var agents = await kv.GetStoreAsync(Settings.AgentsBucket, TestContext.Current.CancellationToken);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach (var entry in agents.WatchAsync($"{zone}.{agent}", NatsRawSerializer<byte[]>.Default, cancellationToken: bounded.Token))
        {
            if (entry.Value is { Length: > 0 })
            {
                return;
            }
        }
    }

    /// <summary>Every revision the results bucket holds for a job of <paramref name="zone"/>.</summary>
    public async Task<int> StoredResultsAsync(string zone, string jobId)
    {
        var kv = new NatsKVContext(new NatsJSContext(Backend.Connection));
        var results = await kv.GetStoreAsync(Settings.ResultsBucket, TestContext.Current.CancellationToken);
        var count = 0;
        await foreach (var _ in results.HistoryAsync(Messaging.JobKey.Result(zone, jobId), NatsRawSerializer<byte[]>.Default, cancellationToken: TestContext.Current.CancellationToken))
        {
            count++;
        }

        return count;
    }

    public async ValueTask DisposeAsync() => await Backend.DisposeAsync();
}
