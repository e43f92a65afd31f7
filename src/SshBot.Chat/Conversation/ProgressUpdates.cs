using SshBot.Chat.Cards;

namespace SshBot.Chat.Conversation;

/// <summary>
/// Progress of one message, within the platforms' limits: at most one update per interval, the
/// latest state replacing any not yet sent, and an update the platform's limiter has no room for
/// is skipped (a later one carries the same stages). The final card goes through the normal,
/// waiting path once this is stopped. With a zero interval (a terminal, where an update costs
/// nothing) every stage is shown: the newest state still pending at the stop is sent before it.
/// </summary>
internal sealed class ProgressUpdates(IChatChannel channel, ChatThread thread, TimeSpan minInterval, TimeProvider time) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _offered = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private ChatCard? _pending;
    private string? _messageId;
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
    public void Start(string messageId)
    {
        _messageId = messageId;
        _pump ??= Task.Run(() => PumpAsync(_stop.Token));
    }

    /// <summary>
    /// Stops sending; an update in flight is waited for, a pending one is dropped (sent, with a
    /// zero interval).
    /// </summary>
    public async Task StopAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        if (_pump is not { } pump)
        {
            return;
        }

        await pump;
        ChatCard? last;
        lock (_lock)
        {
            (last, _pending) = (_pending, null);
        }

        if (last is not null && minInterval == TimeSpan.Zero)
        {
            await SendAsync(last, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
        _offered.Dispose();
    }

    private async Task SendAsync(ChatCard card, CancellationToken ct)
    {
        try
        {
            await channel.UpdateProgressAsync(thread, _messageId!, card, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Progress is best effort; the final card is sent whatever happened here.
        }
    }

    private async Task PumpAsync(CancellationToken stop)
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

                await SendAsync(card, stop);
                await Task.Delay(minInterval, time, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
