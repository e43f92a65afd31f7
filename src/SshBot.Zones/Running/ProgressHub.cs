using System.Collections.Concurrent;
using NATS.Client.Core;
using SshBot.Diagnostics.Engine;
using SshBot.Zones.Wire;

namespace SshBot.Zones.Running;

/// <summary>
/// Stage progress for the jobs this process waits on: one subscription to every zone's progress
/// subjects, not one per job (a thousand jobs in flight made a thousand subscriptions, and under
/// load the client timed out creating them). Progress is best effort: a message that does not
/// parse is skipped, and one that comes after the result is not waited for
/// (<see cref="ZoneJobClient"/> reports the result's stages that did not come this way).
/// </summary>
public sealed class ProgressHub(INatsConnection nats, string subjects) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Action<StageReport>> _listeners = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _starting = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private INatsSub<byte[]>? _subscription;
    private Task? _reading;

    /// <summary>Reports each stage seen on <paramref name="subject"/> to <paramref name="progress"/>, until the result is disposed.</summary>
    public async Task<IDisposable> ListenAsync(string subject, IProgress<StageReport> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await StartAsync(ct);
        _listeners[subject] = progress.Report;
        return new Listening(this, subject);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }

        if (_reading is not null)
        {
            await _reading;
        }

        _stop.Dispose();
        _starting.Dispose();
    }

    private async Task StartAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _subscription) is not null)
        {
            return;
        }

        await _starting.WaitAsync(ct);
        try
        {
            if (_subscription is null)
            {
                var subscription = await nats.SubscribeCoreAsync(subjects, serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: ct);
                _reading = Task.Run(() => ReadAsync(subscription), CancellationToken.None);
                Volatile.Write(ref _subscription, subscription);
            }
        }
        finally
        {
            _starting.Release();
        }
    }

    private async Task ReadAsync(INatsSub<byte[]> subscription)
    {
        try
        {
            await foreach (var msg in subscription.Msgs.ReadAllAsync(_stop.Token))
            {
                if (_listeners.TryGetValue(msg.Subject, out var listener) && Read(msg.Data) is { } stage)
                {
                    listener(stage);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    private static StageReport? Read(byte[]? data)
    {
        try
        {
            return data is { Length: > 0 } ? WireJson.Read<StageProgress>(data).Stage.ToStage() : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException)
        {
            return null;
        }
    }

    private sealed class Listening(ProgressHub hub, string subject) : IDisposable
    {
        public void Dispose() => hub._listeners.TryRemove(subject, out _);
    }
}
