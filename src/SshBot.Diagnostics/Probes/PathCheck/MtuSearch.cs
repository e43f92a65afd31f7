using System.Net;
using System.Net.Sockets;
using SshBot.Diagnostics.Seams;

namespace SshBot.Diagnostics.Probes.PathCheck;

/// <summary>
/// Finds the largest packet that crosses the path with Don't Fragment set, in a few rounds of
/// echo probes sent side by side. Round one sends a full-size and a minimum-size probe, which
/// settles a healthy path with two packets; round two tries a ladder of common MTUs (Ethernet,
/// PPPoE, tunnels, the IPv6 minimum); later rounds retry the smallest size that vanished and
/// narrow the gap between it and the largest that passed. A reply at some size proves every
/// smaller size passes, so a lost small probe is read as loss, not as a limit. A too-big answer
/// (ICMP fragmentation needed) means path MTU discovery gets its signal: the path works, at that
/// size. Only sizes that vanish twice with no answer while smaller ones pass make a black hole;
/// where small probes vanish too (loss), the boundary must vanish as often as that loss would
/// hardly explain, and the full size twice, or the MTU is reported as unknown rather than a
/// black hole at a random size.
/// A round does not wait out its vanishing probes: once the answers that are coming have come
/// (the round has run twice the slowest answer seen so far, and at least <see cref="MinQuiet"/>),
/// the next round starts while they are still waiting, so a black hole costs about one probe
/// timeout in all rather than one per round. The verdict is drawn when every probe has
/// answered or timed out.
/// </summary>
public sealed class MtuSearch(IPathProber prober, TimeProvider? time = null)
{
    /// <summary>Rounds of probes at most (full size and floor, the ladder, two narrowing rounds).</summary>
    public const int MaxRounds = 4;

    /// <summary>
    /// Sizes probed at once in one round: enough to cover the 20-byte steps between most ladder
    /// rungs byte by byte, with the retry of the size above them (a round that covers its gap
    /// byte by byte also repeats the lowest size in it).
    /// </summary>
    public const int MaxPerRound = 20;

    /// <summary>The largest packet probed: Ethernet's MTU. Larger links are reported as 1500.</summary>
    public const int Ceiling = 1500;

    /// <summary>The least a round runs, while some of its probes are still out, before the next round starts.</summary>
    public static readonly TimeSpan MinQuiet = TimeSpan.FromMilliseconds(10);

    private static readonly int[] Ladder = [1500, 1492, 1480, 1460, 1440, 1420, 1400, 1380, 1360, 1340, 1300, 1280, 1200, 1000, 576];

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The smallest packet probed: the IPv4 minimum reassembly size, or the IPv6 minimum MTU.</summary>
    public static int Floor(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 1280 : 576;

    public async Task<MtuResult> RunAsync(IPAddress address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var floor = Floor(address.AddressFamily);
        var state = new MtuSearchState();
        var sent = new List<Task>();
        int[] sizes = [Ceiling, floor];
        for (var round = 1; round <= MaxRounds && sizes.Length > 0; round++)
        {
            var probes = sizes.Select(size => ProbeAsync(state, address, size, timeout, cancellationToken)).ToList();
            sent.AddRange(probes);
            await SettleAsync(state, probes, cancellationToken);
            if (state.UnavailableDetail is { } why)
            {
                await Task.WhenAll(sent);
                return new MtuResult(MtuResult.Unavailable, null, why, state.Probes);
            }

            sizes = round == 1 ? LadderRound(state, floor) : state.Largest is null ? [] : NextSizes(state);
        }

        await Task.WhenAll(sent);
        if (ConfirmationSizes(state) is { Length: > 0 } again)
        {
            // The boundary has not held often enough to be told from loss: probe it again.
            await Task.WhenAll(again.Select(size => ProbeAsync(state, address, size, timeout, cancellationToken)));
        }

        return Conclude(state, floor);
    }

    /// <summary>
    /// Probes still needed before a boundary can be called a black hole, or none. The smallest
    /// size that vanished must have vanished twice. Where probes vanished at sizes that pass too
    /// (loss on the path), it must vanish so many times that loss at the rate seen below it
    /// would do that less than once in a thousand searches (at 30% loss, seven times), and the
    /// full size twice: otherwise random loss of a few large probes (some between 1480 and 1500)
    /// reads as an MTU limit. The boundary is probed <see cref="MaxConfirmations"/> times at most.
    /// </summary>
    private static int[] ConfirmationSizes(MtuSearchState state)
    {
        if (RequiredVanishings(state) is not { } required || required.HighNeeded > MaxConfirmations)
        {
            return [];
        }

        var (high, highNeeded, ceilingNeeded) = required;
        return Enumerable.Repeat(high, Math.Max(0, highNeeded - state.LostCount(high)))
            .Concat(Enumerable.Repeat(Ceiling, high == Ceiling ? 0 : Math.Max(0, ceilingNeeded - state.LostCount(Ceiling))))
            .ToArray();
    }

    /// <summary>The most times the boundary must have vanished (at 40% loss, eight vanishings in a row happen once in 1,500 searches).</summary>
    public const int MaxConfirmations = 8;

    /// <summary>The boundary and how often it and the full size must have vanished to be a black hole, or null when there is no boundary.</summary>
    private static (int High, int HighNeeded, int CeilingNeeded)? RequiredVanishings(MtuSearchState state)
    {
        if (state.Largest is not { } largest || largest >= Ceiling || state.TooBigSeen || state.SmallestFailAbove(largest) is not { } high)
        {
            return null;
        }

        var (lost, sent) = state.AtOrBelow(largest);
        if (lost == 0)
        {
            return (high, 2, 0);
        }

        // The loss rate seen where sizes pass, smoothed so that one loss in a few probes is not read as 50%.
        var rate = (lost + 1.0) / (sent + 2.0);
        var needed = (int)Math.Ceiling(Math.Log(0.001) / Math.Log(rate));
        return (high, Math.Clamp(needed, 3, MaxConfirmations), 2);
    }

    private static bool BoundaryHeld(MtuSearchState state) =>
        RequiredVanishings(state) is { } r
        && r.HighNeeded <= MaxConfirmations
        && state.LostCount(r.High) >= r.HighNeeded
        && (r.High == Ceiling || state.LostCount(Ceiling) >= r.CeilingNeeded);

    private async Task ProbeAsync(MtuSearchState state, IPAddress address, int size, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        state.Sent(size);
        var reply = await prober.EchoAsync(address, size, timeout, cancellationToken);
        state.Record(size, reply, _time.GetElapsedTime(start));
    }

    /// <summary>
    /// Returns when every probe of the round has finished, or once the round has run for twice
    /// the slowest answer seen so far (and at least <see cref="MinQuiet"/>): the probes still out
    /// then are most likely lost, and they go on waiting for their own timeout meanwhile. Until
    /// some probe has been answered, there is no round trip to go by, so it waits for the first
    /// probe to finish (at worst its timeout).
    /// </summary>
    private async Task SettleAsync(MtuSearchState state, List<Task> round, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        // The probes still out are read once per pass: one may finish between a check and a
        // second read, and WhenAny refuses an empty list.
        while (round.Where(t => !t.IsCompleted).ToList() is { Count: > 0 } outstanding)
        {
            var pending = Task.WhenAny(outstanding);
            if (state.SlowestAnswer is not { } slowest)
            {
                await pending;
                continue;
            }

            var window = slowest * 2 < MinQuiet ? MinQuiet : slowest * 2;
            var remaining = window - _time.GetElapsedTime(start);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(pending, Task.Delay(remaining, _time, stop.Token));
            await stop.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// After a full-size probe did not pass: every rung above what passed, the full size again if
    /// it only vanished once. When a too-big answer named an MTU: that MTU and the rungs below it
    /// (larger packets would only be told "too big" again).
    /// </summary>
    private static int[] LadderRound(MtuSearchState state, int floor)
    {
        if (state.Largest >= Ceiling || state.Largest >= state.NamedMtu)
        {
            return [];
        }

        var above = state.Largest ?? 0;
        var rungs = Ladder.Where(s => s >= floor && s > above && !state.IsTooBig(s) && !(s == Ceiling && state.LostCount(s) >= 2));
        return state.NamedMtu is { } named
            ? rungs.Where(s => s < named).Prepend(named).ToArray()
            : rungs.ToArray();
    }

    /// <summary>The next round: the smallest failed size again if it vanished only once, and points between it and the largest pass.</summary>
    private static int[] NextSizes(MtuSearchState state)
    {
        var low = state.Largest!.Value;
        if (low >= Ceiling || low >= state.NamedMtu || state.SmallestFailAbove(low) is not { } high)
        {
            return [];
        }

        var next = new SortedSet<int>();
        if (state.LostCount(high) < 2 && !state.IsTooBig(high))
        {
            next.Add(high);
        }

        var gap = high - low - 1;
        var points = Math.Min(gap, MaxPerRound - next.Count);
        for (var i = 1; i <= points; i++)
        {
            next.Add(low + (int)Math.Round((double)i * (gap + 1) / (points + 1)));
        }

        next.Remove(low);
        next.Remove(high + 1);
        var sizes = next.Where(s => s > low && s <= high).ToList();
        if (gap <= points && sizes.Contains(low + 1) && state.LostCount(low + 1) == 0)
        {
            // Every size in the gap goes out, so this round finds the boundary; MTUs are most
            // often a ladder rung, i.e. the boundary is the size just above the largest that
            // passed. Sent twice, it can vanish twice within this round instead of needing a
            // round of its own (a probe timeout later) to be retried.
            sizes.Add(low + 1);
        }

        return [.. sizes];
    }

    private static MtuResult Conclude(MtuSearchState state, int floor)
    {
        if (state.Largest is not { } largest)
        {
            var errors = state.Errors.Count > 0 ? $" (answers: {string.Join("; ", state.Errors.Distinct())})" : string.Empty;
            return new MtuResult(MtuResult.Unavailable, null, $"no echo reply at any size down to {floor} bytes: ICMP echo is blocked or filtered on the way, so the path MTU cannot be told{errors}", state.Probes);
        }

        if (largest >= Ceiling)
        {
            return new MtuResult(MtuResult.Ok, Ceiling, $"{Ceiling}-byte packets with DF set cross the path", state.Probes);
        }

        var high = state.SmallestFailAbove(largest);
        if (state.TooBigSeen)
        {
            var named = state.NamedMtu is { } m ? $", naming MTU {m}" : string.Empty;
            return new MtuResult(MtuResult.Ok, state.NamedMtu ?? largest,
                $"packets over {largest} bytes get 'fragmentation needed' back{named}: path MTU discovery gets its signal", state.Probes);
        }

        var lostBelow = state.AtOrBelow(largest).Lost;
        if (high is not { } boundary || !BoundaryHeld(state))
        {
            return new MtuResult(MtuResult.Unavailable, null,
                $"echo probes vanish at random ({lostBelow} lost at sizes that also pass, up to {largest} bytes; larger ones did not vanish every time): loss on the path, not a size limit, so the path MTU cannot be told", state.Probes);
        }

        return new MtuResult(MtuResult.Blackhole, largest,
            $"packets of {boundary} bytes and more with DF set vanish with no ICMP answer, every time they are sent, while {largest} bytes pass", state.Probes);
    }
}
