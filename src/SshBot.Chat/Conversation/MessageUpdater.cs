using System.Threading.Channels;
using SshBot.Chat.Cards;

namespace SshBot.Chat.Conversation;

/// <summary>
/// Updates one posted message in order, off the probe's path: stages arrive on the engine's
/// thread, updates leave one at a time,.
/// </summary>
internal sealed class MessageUpdater
{
    private readonly Channel<Func<Task>> _queue = Channel.CreateUnbounded<Func<Task>>(new() { SingleReader = true });
    private readonly Task _pump;

    public MessageUpdater() => _pump = Task.Run(PumpAsync);

    public void Enqueue(Func<Task> work) => _queue.Writer.TryWrite(work);

    public async Task DrainAsync()
    {
        _queue.Writer.TryComplete();
        await _pump;
    }

    private async Task PumpAsync()
    {
        await foreach (var work in _queue.Reader.ReadAllAsync())
        {
            try
            {
                await work();
            }
#pragma warning disable CA1031 // A failed progress update must not stop the diagnosis; the final card is sent anyway.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
