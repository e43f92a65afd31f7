using Microsoft.Extensions.Time.Testing;
using System.Collections.Concurrent;
using System.Net;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Probes.PathCheck;
using SshBot.Diagnostics.Tests.Fakes;

namespace SshBot.Diagnostics.Tests.Probes.PathCheck;

public sealed class MtuSearchTests
{
    private static readonly IPAddress Host = IPAddress.Parse("198.18.0.10");

    private static Task<MtuResult> Search(ScriptedPath path, IPAddress? address = null) =>
        new MtuSearch(path).RunAsync(address ?? Host, TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);

    [Fact]
    public async Task AFullSizePathIsOkAt1500WithTwoProbes()
    {
        var path = new ScriptedPath();

        var result = await Search(path);

        Assert.Equal((MtuResult.Ok, 1500), (result.Status, result.Mtu));
        Assert.Equal(2, result.Probes);
    }

    [Fact]
    public async Task LargePacketsThatVanishWhileSmallOnesPassAreABlackHoleAtTheLargestThatPassed()
    {
        var path = new ScriptedPath { Mtu = 1280 };

        var result = await Search(path);

        Assert.Equal((MtuResult.Blackhole, 1280), (result.Status, result.Mtu));
        Assert.Contains("vanish with no ICMP answer", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSearchNarrowsToTheExactSizeBetweenLadderRungsWithinItsRounds()
    {
        var path = new ScriptedPath { Mtu = 1337 };

        var result = await Search(path);

        Assert.Equal((MtuResult.Blackhole, 1337), (result.Status, result.Mtu));
        Assert.True(result.Probes <= 2 + 15 + (2 * (MtuSearch.MaxPerRound + 1)), $"{result.Probes} probes");
    }

    [Fact]
    public async Task AFragmentationNeededAnswerMeansThePathWorksAtTheMtuItNames()
    {
        var path = new ScriptedPath { Mtu = 1400, SignalsTooBig = true };

        var result = await Search(path);

        Assert.Equal((MtuResult.Ok, 1400), (result.Status, result.Mtu));
        Assert.Contains("fragmentation needed", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANamedMtuIsConfirmedAtThatSizeAndNothingLargerIsProbedAgain()
    {
        // Larger probes would only be told "too big" again, and routers rate-limit those answers,
        // so the ones left unanswered would cost a probe timeout.
        var path = new ScriptedPath { Mtu = 1433, SignalsTooBig = true };

        var result = await Search(path);

        Assert.Equal((MtuResult.Ok, 1433), (result.Status, result.Mtu));
        Assert.Equal([1500], path.Echoed.Where(s => s > 1433));
        Assert.Contains(1433, path.Echoed);
    }

    [Fact]
    public async Task ATooBigAnswerThatNamesNoMtuIsNarrowedDownByTheSearch()
    {
        var path = new ScriptedPath { Mtu = 1433, SignalsTooBig = true, NamesMtu = false };

        var result = await Search(path);

        Assert.Equal((MtuResult.Ok, 1433), (result.Status, result.Mtu));
    }

    [Fact]
    public async Task AFullSizeProbeLostOnceIsRetriedNotCalledABlackHole()
    {
        var path = new ScriptedPath().LosesOnce(1500);

        var result = await Search(path);

        Assert.Equal((MtuResult.Ok, 1500), (result.Status, result.Mtu));
        Assert.Equal(2, path.Echoed.Count(s => s == 1500));
    }

    [Fact]
    public async Task ALostSmallProbeIsReadAsLossWhenALargerOnePassed()
    {
        var path = new ScriptedPath { Mtu = 1280 }.LosesOnce(576, 1000);

        var result = await Search(path);

        Assert.Equal((MtuResult.Blackhole, 1280), (result.Status, result.Mtu));
    }

    [Fact]
    public async Task NoEchoReplyAtAnySizeIsUnavailableNotABlackHole()
    {
        var path = new ScriptedPath { EchoBlocked = true };

        var result = await Search(path);

        Assert.Equal(MtuResult.Unavailable, result.Status);
        Assert.Null(result.Mtu);
        Assert.Contains("ICMP echo is blocked", result.Detail, StringComparison.Ordinal);
        Assert.Equal(2 + 15, result.Probes);
    }

    [Fact]
    public async Task APlatformThatCannotSendProbesIsUnavailableAndSaysWhy()
    {
        var path = new ScriptedPath { Unavailable = "no raw socket and no ping tool" };

        var result = await Search(path);

        Assert.Equal(MtuResult.Unavailable, result.Status);
        Assert.Equal("no raw socket and no ping tool", result.Detail);
    }

    [Fact]
    public async Task IPv6IsNeverProbedBelowItsMinimumMtu()
    {
        var path = new ScriptedPath { Mtu = 1280 };

        await Search(path, IPAddress.Parse("2001:db8::10"));

        Assert.DoesNotContain(path.Echoed, s => s < 1280);
    }

    [Fact]
    public async Task ABlackHoleAtALadderRungIsSettledInThreeRoundsItsBoundaryProbedTwiceInTheLast()
    {
        // 1280 passes, everything above vanishes: round three covers 1281-1299 byte by byte and
        // sends 1281 twice, so no fourth round waits to retry it. The clock is the test's, so
        // each round goes out only when the test moves time past the round's quiet period.
        var path = new HoldingPath(1280);
        var time = new FakeTimeProvider();

        var search = new MtuSearch(path, time).RunAsync(Host, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        var rounds = new List<int[]>();
        for (var seen = 0; rounds.Count < MtuSearch.MaxRounds + 2; time.Advance(TimeSpan.FromMilliseconds(50)))
        {
            var sent = await path.WhenQuietAsync(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
            rounds.Add([.. sent.Skip(seen)]);
            seen = sent.Count;
        }

        path.TimeOutEverything();
        var result = await search;

        Assert.Equal((MtuResult.Blackhole, 1280), (result.Status, result.Mtu));
        var sending = rounds.Where(r => r.Length > 0).ToList();
        Assert.True(sending.Count == 3, string.Join(" | ", sending.Select(r => string.Join(",", r))));
        Assert.Equal(2, sending[2].Count(s => s == 1281));
        Assert.Equal(Enumerable.Range(1281, 19), sending[2].Where(s => s < 1300).Distinct().Order());
    }

    [Fact]
    public async Task LaterRoundsGoOutWhileVanishedProbesAreStillWaitingSoABlackHoleCostsOneTimeout()
    {
        // Probes over the MTU never come back until the test lets them time out.
        var path = new HoldingPath(1337);

        var search = new MtuSearch(path).RunAsync(Host, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        var sent = await path.WhenQuietAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));

        Assert.False(search.IsCompleted);
        Assert.Contains(sent, s => s is > 1300 and < 1340);
        path.TimeOutEverything();
        var result = await search;
        Assert.Equal((MtuResult.Blackhole, 1337), (result.Status, result.Mtu));
        Assert.Equal(sent.Count, result.Probes);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task LargeProbesLostAtRandomOnAFullSizePathAreNotABlackHoleAtAnOddSize(bool smallOnesLostToo)
    {
        // Loss on a path that carries 1500 bytes: the full size vanishes in rounds one and two,
        // then 1497-1499 once each (and, with loss everywhere, a small probe too). Read without
        // retries, that is a "black hole" between 1480 and 1499.
        var losses = new Dictionary<int, int> { [1500] = 2, [1497] = 1, [1498] = 1, [1499] = 1 };
        if (smallOnesLostToo)
        {
            losses[576] = 1;
        }

        var result = await new MtuSearch(new LossyPath(losses)).RunAsync(Host, TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);

        Assert.NotEqual(MtuResult.Blackhole, result.Status);
    }

    [Fact]
    public async Task ABlackHoleOnALossyPathIsStillFoundWhenItsBoundaryHoldsOnEveryRetry()
    {
        // A 1400-byte link with fragmentation-needed dropped, and two small probes lost on the way.
        var result = await new MtuSearch(new LossyPath(new Dictionary<int, int> { [576] = 1, [1000] = 1 }, mtu: 1400))
            .RunAsync(Host, TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);

        Assert.Equal((MtuResult.Blackhole, 1400), (result.Status, result.Mtu));
    }

    /// <summary>A search's probes: <paramref name="below"/> sizes that passed, <paramref name="lostBelow"/> of them lost once first, and the sizes above that vanished, with how often.</summary>
    private static MtuSearchState Probed(int[] below, int lostBelow, params (int Size, int Times)[] vanished)
    {
        var state = new MtuSearchState();
        foreach (var (size, i) in below.Select((size, i) => (size, i)))
        {
            if (i < lostBelow)
            {
                state.Sent(size);
                state.Record(size, DontFragmentReply.NoAnswer, TimeSpan.FromMilliseconds(250));
            }

            state.Sent(size);
            state.Record(size, DontFragmentReply.Replied, TimeSpan.FromMilliseconds(1));
        }

        foreach (var (size, times) in vanished)
        {
            for (var i = 0; i < times; i++)
            {
                state.Sent(size);
                state.Record(size, DontFragmentReply.NoAnswer, TimeSpan.FromMilliseconds(250));
            }
        }

        return state;
    }

    private static readonly int[] UpTo1499 = [576, 1000, 1200, 1280, 1300, 1380, 1400, 1420, 1440, 1450, 1460, 1472, 1476, 1480, 1492, 1496, 1497, 1498, 1499];

    [Fact]
    public void AFewLossesAmongTwentyProbesDoNotMakeFiveVanishingsAtFullSizeABlackHole()
    {
        // Three lost of 22 below: 14% seen, but up to 30% is consistent with it, and at 30% loss
        // five vanishings in a row happen once in 400 searches. Eight are asked for (three more),
        // and eight more probes at 1499 to measure the loss.
        var state = Probed(UpTo1499, lostBelow: 3, (1500, 5));

        Assert.Equal(MtuResult.Unavailable, MtuVerdict.Conclude(state, 576).Status);
        Assert.Equal([1500, 1500, 1500, .. Enumerable.Repeat(1499, MtuVerdict.LossSamples)], MtuVerdict.ConfirmationSizes(state));
    }

    [Fact]
    public void ABoundaryThatHeldAsOftenAsTheLossAllowsIsABlackHoleAndATooLossyPathCannotTell()
    {
        // Two lost among seventeen below (eight of them the confirmation's at 1400): eight vanishings tell.
        int[] below = [.. UpTo1499.Where(s => s <= 1400), .. Enumerable.Repeat(1400, MtuVerdict.LossSamples)];
        var held = Probed(below, lostBelow: 2, (1420, 8), (1500, 2));
        var verdict = MtuVerdict.Conclude(held, 576);
        Assert.Equal((MtuResult.Blackhole, 1400), (verdict.Status, verdict.Mtu));
        Assert.Equal(MtuResult.Unavailable, MtuVerdict.Conclude(Probed(below, lostBelow: 2, (1420, 7), (1500, 2)), 576).Status);

        // Ten lost of twenty-five: no number of vanishings within the search's budget could tell a limit from loss.
        var lossy = Probed(below, lostBelow: 10, (1420, MtuSearch.MaxConfirmations), (1500, 2));
        Assert.Empty(MtuVerdict.ConfirmationSizes(lossy));
        Assert.Equal(MtuResult.Unavailable, MtuVerdict.Conclude(lossy, 576).Status);
    }

    /// <summary>Loses the first N probes of given sizes; answers sizes up to the MTU, lets larger ones vanish.</summary>
    private sealed class LossyPath(Dictionary<int, int> losses, int mtu = 1500) : IPathProber
    {
        private readonly ConcurrentDictionary<int, int> _losses = new(losses);

        public Task<TimeSpan?> ConnectOnceAsync(IPEndPoint endpoint, TimeSpan timeout, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public async Task<DontFragmentReply> EchoAsync(IPAddress address, int packetSize, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var lost = _losses.AddOrUpdate(packetSize, -1, (_, left) => left - 1) >= 0 || packetSize > mtu;
            if (!lost)
            {
                return DontFragmentReply.Replied;
            }

            await Task.Delay(timeout, cancellationToken);
            return DontFragmentReply.NoAnswer;
        }
    }

    /// <summary>Answers sizes up to the MTU at once and holds every larger probe until told to time them all out.</summary>
    private sealed class HoldingPath(int mtu) : IPathProber
    {
        private readonly TaskCompletionSource<DontFragmentReply> _timeout = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentQueue<int> _sent = new();

        public Task<TimeSpan?> ConnectOnceAsync(IPEndPoint endpoint, TimeSpan timeout, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<DontFragmentReply> EchoAsync(IPAddress address, int packetSize, TimeSpan timeout, CancellationToken cancellationToken)
        {
            _sent.Enqueue(packetSize);
            return packetSize <= mtu ? Task.FromResult(DontFragmentReply.Replied) : _timeout.Task;
        }

        public void TimeOutEverything() => _timeout.SetResult(DontFragmentReply.NoAnswer);

        /// <summary>The sizes sent, once no new probe has gone out for <paramref name="quiet"/>.</summary>
        public async Task<IReadOnlyList<int>> WhenQuietAsync(TimeSpan quiet, TimeSpan limit)
        {
            var deadline = DateTime.UtcNow + limit;
            var count = -1;
            while (_sent.Count != count && DateTime.UtcNow < deadline)
            {
                count = _sent.Count;
                await Task.Delay(quiet, TestContext.Current.CancellationToken);
            }

            return [.. _sent];
        }
    }
}
