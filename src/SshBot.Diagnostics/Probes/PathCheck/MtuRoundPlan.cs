namespace SshBot.Diagnostics.Probes.PathCheck;

/// <summary>
/// Which sizes the MTU search probes next, from what its rounds have seen so far: the ladder of
/// common MTUs after the first round, then points narrowing the gap between the largest size that
/// passed and the smallest that did not.
/// </summary>
internal static class MtuRoundPlan
{
    /// <summary>Common link MTUs: Ethernet, PPPoE, tunnels and VPNs, the IPv6 minimum, the IPv4 minimum reassembly size.</summary>
    private static readonly int[] Ladder = [1500, 1492, 1480, 1460, 1440, 1420, 1400, 1380, 1360, 1340, 1300, 1280, 1200, 1000, 576];

    /// <summary>
    /// After a full-size probe did not pass: every rung above what passed, the full size again if
    /// it only vanished once. When a too-big answer named an MTU: that MTU and the rungs below it
    /// (larger packets would only be told "too big" again).
    /// </summary>
    public static int[] LadderRound(MtuSearchState state, int floor)
    {
        if (state.Largest >= MtuSearch.Ceiling || state.Largest >= state.NamedMtu)
        {
            return [];
        }

        var above = state.Largest ?? 0;
        var rungs = Ladder.Where(s => s >= floor && s > above && !state.IsTooBig(s) && !(s == MtuSearch.Ceiling && state.LostCount(s) >= 2));
        return state.NamedMtu is { } named
            ? rungs.Where(s => s < named).Prepend(named).ToArray()
            : rungs.ToArray();
    }

    /// <summary>The next round: the smallest failed size again if it vanished only once, and points between it and the largest pass.</summary>
    public static int[] NextSizes(MtuSearchState state)
    {
        var low = state.Largest!.Value;
        if (low >= MtuSearch.Ceiling || low >= state.NamedMtu || state.SmallestFailAbove(low) is not { } high)
        {
            return [];
        }

        var next = new SortedSet<int>();
        if (state.LostCount(high) < 2 && !state.IsTooBig(high))
        {
            next.Add(high);
        }

        var gap = high - low - 1;
        var points = Math.Min(gap, MtuSearch.MaxPerRound - next.Count);
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
}
