using System.Collections.Concurrent;
using NATS.Client.Core;
using NATS.Client.KeyValueStore;
using SshBot.Zones.Wire;

namespace SshBot.Zones.Running;

/// <summary>
/// Delivers results to the jobs waiting for them: one watch of the whole results bucket per
/// process (new results only), not one per job, so a replica with a thousand jobs in flight holds
/// one consumer on the server instead of a thousand. A job registers before it looks its key up,
/// so a result stored before the look-up is found by it and one stored after reaches it through
/// the watch. While the watch is being (re)established (NATS restarting) a result could pass
/// unseen, so each waiting job also looks its key up again every few seconds.
/// </summary>
public sealed class ResultWatcher(INatsKVStore results, TimeProvider time) : IAsyncDisposable
{
    /// <summary>How often a waiting job looks its key up again, in case the watch missed it.</summary>
    public static readonly TimeSpan LookAgainEvery = TimeSpan.FromSeconds(5);

    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JobResult>> _waiting = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private Task? _watching;

    /// <summary>The result stored under <paramref name="key"/>, as soon as there is one.</summary>
    public async Task<JobResult> WaitAsync(string key, CancellationToken ct)
    {
        var waiter = _waiting.GetOrAdd(key, _ => new TaskCompletionSource<JobResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_lock)
        {
            _watching ??= Task.Run(() => WatchAsync(_stop.Token), CancellationToken.None);
        }

        try
        {
            while (true)
            {
                await LookUpAsync(key, waiter, ct);
                try
                {
                    return await waiter.Task.WaitAsync(LookAgainEvery, time, ct);
                }
                catch (TimeoutException)
                {
                    // Not yet: look again (covers a result stored while the watch was down).
                }
            }
        }
        finally
        {
            if (waiter.Task.IsCompleted || ct.IsCancellationRequested)
            {
                _waiting.TryRemove(new KeyValuePair<string, TaskCompletionSource<JobResult>>(key, waiter));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_watching is not null)
        {
            await _watching;
        }

        _stop.Dispose();
    }

    private async Task LookUpAsync(string key, TaskCompletionSource<JobResult> waiter, CancellationToken ct)
    {
        try
        {
            var entry = await results.TryGetEntryAsync(key, serializer: Raw, cancellationToken: ct);
            if (entry.Success && entry.Value.Value is { Length: > 0 } bytes)
            {
                waiter.TrySetResult(WireJson.Read<JobResult>(bytes));
            }
        }
        catch (NatsException)
        {
            // NATS is away; the watch or the next look-up finds it.
        }
    }

    private async Task WatchAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var entry in results.WatchAsync(">", Raw, new NatsKVWatchOpts { UpdatesOnly = true, IgnoreDeletes = true }, ct))
                {
                    if (entry.Value is { Length: > 0 } bytes && _waiting.TryGetValue(entry.Key, out var waiter))
                    {
                        waiter.TrySetResult(WireJson.Read<JobResult>(bytes));
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (NatsException)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
