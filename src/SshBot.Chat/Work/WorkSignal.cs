namespace SshBot.Chat.Work;

/// <summary>Wakes an idle worker of this process when work was stored here, so it does not wait for its next poll.</summary>
public sealed class WorkSignal : IDisposable
{
    private const int MaxPending = 1024;
    private readonly SemaphoreSlim _pending = new(0, MaxPending);

    public void Notify()
    {
        if (_pending.CurrentCount < MaxPending)
        {
            try
            {
                _pending.Release();
            }
            catch (SemaphoreFullException)
            {
                // Enough wake-ups are pending already.
            }
        }
    }

    /// <summary>Until notified or the timeout passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _pending.WaitAsync(timeout, ct);

    public void Dispose() => _pending.Dispose();
}
