namespace SshBot.Diagnostics.Probes.PathCheck;

/// <summary>
/// How long one round of the MTU search waits for its probes before the next round goes out.
/// Apart from the search so that the moment it looks at the round's probes can be tested: a probe
/// may finish at any time, also between two looks.
/// </summary>
internal static class MtuRoundWait
{
    /// <summary>
    /// Returns when every probe of the round has finished, or once the round has run for twice
    /// the slowest answer seen so far (and at least <see cref="MtuSearch.MinQuiet"/>): the probes
    /// still out then are most likely lost, and they go on waiting for their own timeout
    /// meanwhile. Until some probe has been answered, there is no round trip to go by, so it waits
    /// for the first probe to finish (at worst its timeout).
    /// </summary>
    public static async Task WaitAsync(IEnumerable<Task> round, Func<TimeSpan?> slowestAnswer, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        // The probes still out are read once per pass: one may finish between a check and a
        // second read, and WhenAny refuses an empty list.
        while (round.Where(t => !t.IsCompleted).ToList() is { Count: > 0 } outstanding)
        {
            var pending = Task.WhenAny(outstanding);
            if (slowestAnswer() is not { } slowest)
            {
                await pending;
                continue;
            }

            var window = slowest * 2 < MtuSearch.MinQuiet ? MtuSearch.MinQuiet : slowest * 2;
            var remaining = window - time.GetElapsedTime(start);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(pending, Task.Delay(remaining, time, stop.Token));
            await stop.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
