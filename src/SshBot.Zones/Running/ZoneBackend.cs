using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using SshBot.Zones.Configuration;
using SshBot.Zones.Messaging;

namespace SshBot.Zones.Running;

/// <summary>
/// A replica's (or the CLI's) side of NATS: one connection, the deployment's JetStream objects
/// made sure of once, and the job client on top. Opened on first use, so a server starts while
/// NATS is still coming up; a failed opening is tried again by the next request.
/// </summary>
/// <remarks>
/// <paramref name="patient"/>: keep trying to reach NATS (a server); false: fail at once when it is
/// unreachable (a command line waiting for one answer).
/// </remarks>
public sealed class ZoneBackend(NatsSettings settings, IReadOnlyList<string> zones, string name, TimeProvider? time = null, bool patient = true) : IAsyncDisposable
{
    private readonly NatsConnection _nats = new(NatsConnector.Options(settings, name) with { RetryOnInitialConnect = patient });
    private readonly SemaphoreSlim _opening = new(1, 1);
    private ZoneJobClient? _client;
    private ResultWatcher? _watcher;
    private ProgressHub? _progress;

    public NatsSettings Settings => settings;

    public INatsConnection Connection => _nats;

    public async Task<ZoneJobClient> ClientAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _client) is { } ready)
        {
            return ready;
        }

        await _opening.WaitAsync(ct);
        try
        {
            if (_client is null)
            {
                var js = new NatsJSContext(_nats);
                await JobInfrastructure.EnsureAsync(js, settings, zones, ct);
                var kv = new NatsKVContext(js);
                var results = await kv.GetStoreAsync(settings.ResultsBucket, ct);
                var agents = await kv.GetStoreAsync(settings.AgentsBucket, ct);
                var clock = time ?? TimeProvider.System;
                _watcher = new ResultWatcher(results, clock);
                _progress = new ProgressHub(_nats, $"sshbot.{settings.Deployment}.progress.>");
                Volatile.Write(ref _client, new ZoneJobClient(js, results, _watcher, _progress, new AgentDirectory(agents, settings, clock), settings, clock));
            }

            return _client!;
        }
        finally
        {
            _opening.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_watcher is not null)
        {
            await _watcher.DisposeAsync();
        }

        if (_progress is not null)
        {
            await _progress.DisposeAsync();
        }

        await _nats.DisposeAsync();
        _opening.Dispose();
    }
}
