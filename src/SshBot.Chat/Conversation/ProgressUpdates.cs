using SshBot.Chat.Cards;

namespace SshBot.Chat.Conversation;

/// <summary>
/// Progress of one message, within the platforms' limits: at most one update per interval, the
/// latest state replacing any not yet sent, and an update the platform's limiter has no room for
/// is skipped (a later one carries the same stages). The final card goes through the normal,
/// waiting path once this is stopped.
/// </summary>
internal sealed class ProgressUpdates(IChatChannel channel, ChatThread thread, TimeSpan minInterval, TimeProvider time) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _offered = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private ChatCard? _pending;
    private Task? _pump;

    /// <summary>The newest progress; replaces any not yet sent.</summary>
    public void Offer(ChatCard card)
    {
        lock (_lock)
        {
            _pending = card;
        }

        if (_offered.CurrentCount == 0)
        {
            try
            {
                _offered.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    /// <summary>Starts sending to the posted message.</summary>
    public void Start(string messageId) => _pump ??= Task.Run(() => PumpAsync(messageId, _stop.Token));

    /// <summary>Stops sending; an update in flight is waited for, pending ones are dropped.</summary>
    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        if (_pump is { } pump)
        {
            await pump;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
        _offered.Dispose();
    }

    private async Task PumpAsync(string messageId, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await _offered.WaitAsync(stop);
                ChatCard? card;
                lock (_lock)
                {
                    (card, _pending) = (_pending, null);
                }

                if (card is null)
                {
                    continue;
                }

                try
                {
                    await channel.UpdateProgressAsync(thread, messageId, card, stop);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Progress is best effort; the final card is sent whatever happened here.
                }

                await Task.Delay(minInterval, time, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
