using System.Collections.Concurrent;
using NATS.Client.KeyValueStore;
using SshBot.Zones.Configuration;
using SshBot.Zones.Wire;

namespace SshBot.Zones.Running;

/// <summary>Whether a zone has an agent online, and when its agents were last heard from.</summary>
public sealed record ZoneStatus(bool Online, DateTimeOffset? LastSeen, int Agents);

/// <summary>
/// Reads the agents' heartbeats from the agents bucket (key <c>ZONE.AGENT</c>). An agent counts
/// as online while its last heartbeat, stamped by the NATS server, is younger than
/// <see cref="NatsSettings.OfflineAfter"/> and did not say it was stopping. A zone found online is
/// believed for a second so a burst of jobs does not read the bucket for each one; a zone found
/// offline is read again by the next request, so it shows online as soon as an agent is back.
/// </summary>
public sealed class AgentDirectory(INatsKVStore agents, NatsSettings settings, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Task<ZoneStatus> Status)> _cache = new(StringComparer.Ordinal);

    public Task<ZoneStatus> StatusAsync(string zone, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(zone, out var cached) && now - cached.At < CacheFor && !cached.Status.IsFaulted
            && (!cached.Status.IsCompletedSuccessfully || cached.Status.Result.Online))
        {
            return cached.Status;
        }

        var fresh = ReadAsync(zone, ct);
        _cache[zone] = (now, fresh);
        return fresh;
    }

    private async Task<ZoneStatus> ReadAsync(string zone, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var online = false;
        DateTimeOffset? lastSeen = null;
        var count = 0;
        var keys = new List<string>();
        await foreach (var key in agents.GetKeysAsync([$"{zone}.*"], cancellationToken: ct))
        {
            keys.Add(key);
        }

        foreach (var key in keys)
        {
            var entry = await agents.TryGetEntryAsync<byte[]>(key, cancellationToken: ct);
            if (!entry.Success || entry.Value.Value is not { } bytes)
            {
                continue;
            }

            var beat = WireJson.Read<AgentHeartbeat>(bytes);
            var seen = entry.Value.Created;
            count++;
            lastSeen = lastSeen is null || seen > lastSeen ? seen : lastSeen;
            online |= !beat.Stopping && now - seen < settings.OfflineAfter;
        }

        return new ZoneStatus(online, lastSeen, count);
    }
}
