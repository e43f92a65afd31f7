using System.Collections;
using Microsoft.Extensions.Time.Testing;
using SshBot.Diagnostics.Probes.PathCheck;

namespace SshBot.Diagnostics.Tests.Regressions;

/// <summary>
/// The MTU search threw (seen once in a full unit run): a round's last probe finished after the
/// wait had seen it still out and before it asked Task.WhenAny for the probes still out, which
/// then got an empty list. The probe here finishes at exactly that moment: right after the wait
/// has looked at the round's probes for the first time.
/// </summary>
public sealed class MtuProbeFinishingBetweenLooksTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AProbeFinishingJustAfterTheRoundWasLookedAtEndsTheWaitInsteadOfFailingTheSearch(bool answerSeenBefore)
    {
        var lastProbe = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var round = new ProbesFinishingOnceLookedAt([Task.CompletedTask, lastProbe.Task], lastProbe);
        TimeSpan? slowest = answerSeenBefore ? TimeSpan.FromMilliseconds(3) : null;

        var wait = MtuRoundWait.WaitAsync(round, () => slowest, new FakeTimeProvider(), TestContext.Current.CancellationToken);
        await wait.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.True(round.Looks >= 1, "the wait never looked at the round's probes");
        Assert.True(lastProbe.Task.IsCompletedSuccessfully);
    }

    /// <summary>A round's probes, the last of which finishes as soon as anyone has finished looking over the round.</summary>
    private sealed class ProbesFinishingOnceLookedAt(Task[] probes, TaskCompletionSource last) : IEnumerable<Task>
    {
        public int Looks { get; private set; }

        public IEnumerator<Task> GetEnumerator()
        {
            try
            {
                foreach (var probe in probes)
                {
                    yield return probe;
                }
            }
            finally
            {
                Looks++;
                last.TrySetResult();
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
