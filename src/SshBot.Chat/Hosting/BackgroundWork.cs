using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SshBot.Chat.Hosting;

/// <summary>
/// Work accepted by a webhook and done after its acknowledgement: the request returns at once
/// and the work runs here, many at a time up to a bound.
/// </summary>
public sealed partial class BackgroundWork(ILogger<BackgroundWork> logger) : BackgroundService
{
    private const int MaxConcurrent = 64;
    private readonly Channel<Func<CancellationToken, Task>> _queue = Channel.CreateBounded<Func<CancellationToken, Task>>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Queues work; false when the queue is full (the caller answers 503).</summary>
    public bool TryEnqueue(Func<CancellationToken, Task> work) => _queue.Writer.TryWrite(work);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(MaxConcurrent);
        var running = new List<Task>();
        await foreach (var work in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            await slots.WaitAsync(stoppingToken);
            running.RemoveAll(t => t.IsCompleted);
            running.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        await work(stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                    {
                        LogFailed(logger, e);
                    }
                    finally
                    {
                        slots.Release();
                    }
                },
                CancellationToken.None));
        }

        await Task.WhenAll(running);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Background chat work failed")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
