namespace SshBot.Diagnostics.Probes.PathCheck;

/// <summary>
/// What the MTU search concludes from its probes, and whether its boundary has held often enough
/// to be told from loss. A size that vanishes is a black hole only when it vanished more often
/// than the loss seen at sizes that pass would explain.
/// </summary>
internal static class MtuVerdict
{
    /// <summary>
    /// Probes still needed before a boundary can be called a black hole, or none. The smallest
    /// size that vanished must have vanished twice. Where probes vanished at sizes that pass too
    /// (loss on the path), it must vanish so many times that loss at any rate the probes below it
    /// are consistent with (<see cref="UpperLossRate"/>) would do that less than once in ten
    /// thousand searches, and the full size twice: otherwise random loss of a few large probes
    /// (some between 1480 and 1500) reads as an MTU limit. The boundary is probed
    /// <see cref="MtuSearch.MaxConfirmations"/> times at most, and the largest size that passed
    /// <see cref="LossSamples"/> times more to measure the loss; a path that would still need more
    /// is too lossy to tell, and its MTU is reported as unknown.
    /// </summary>
    public static int[] ConfirmationSizes(MtuSearchState state)
    {
        if (RequiredVanishings(state) is not { } required || state.Largest is not { } largest)
        {
            return [];
        }

        var (high, highNeeded, ceilingNeeded) = required;
        var boundary = Math.Max(0, Math.Min(highNeeded, MtuSearch.MaxConfirmations) - state.LostCount(high));
        var ceiling = high == MtuSearch.Ceiling ? 0 : Math.Max(0, ceilingNeeded - state.LostCount(MtuSearch.Ceiling));
        if (boundary + ceiling == 0)
        {
            return [];
        }

        // Where probes were lost at sizes that pass, more probes at the largest that passed measure
        // that loss: a few lost among few probes allow for much loss, and so ask for many vanishings.
        var measure = state.AtOrBelow(largest).Lost > 0 ? LossSamples : 0;
        return [.. Enumerable.Repeat(high, boundary), .. Enumerable.Repeat(MtuSearch.Ceiling, ceiling), .. Enumerable.Repeat(largest, measure)];
    }

    /// <summary>Probes sent again at the largest size that passed, with the boundary's, when loss was seen below it.</summary>
    public const int LossSamples = 8;

    public static MtuResult Conclude(MtuSearchState state, int floor)
    {
        if (state.Largest is not { } largest)
        {
            var errors = state.Errors.Count > 0 ? $" (answers: {string.Join("; ", state.Errors.Distinct())})" : string.Empty;
            return new MtuResult(MtuResult.Unavailable, null, $"no echo reply at any size down to {floor} bytes: ICMP echo is blocked or filtered on the way, so the path MTU cannot be told{errors}", state.Probes);
        }

        if (largest >= MtuSearch.Ceiling)
        {
            return new MtuResult(MtuResult.Ok, MtuSearch.Ceiling, $"{MtuSearch.Ceiling}-byte packets with DF set cross the path", state.Probes);
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

    /// <summary>The boundary and how often it and the full size must have vanished to be a black hole, or null when there is no boundary.</summary>
    private static (int High, int HighNeeded, int CeilingNeeded)? RequiredVanishings(MtuSearchState state)
    {
        if (state.Largest is not { } largest || largest >= MtuSearch.Ceiling || state.TooBigSeen || state.SmallestFailAbove(largest) is not { } high)
        {
            return null;
        }

        var (lost, sent) = state.AtOrBelow(largest);
        if (lost == 0)
        {
            return (high, 2, 0);
        }

        // The loss rate the probes that passed allow for, not the rate they happen to show: a
        // search has only some twenty of them, and at 30% loss a run of few losses among them is
        // common. Taking the point estimate made random loss at 1500 a "black hole at 1499" in
        // about one search in 500 (one in six before any retry); with the upper bound, none in 4,000.
        var rate = UpperLossRate(lost, sent);
        var needed = (int)Math.Ceiling(Math.Log(0.0001) / Math.Log(rate));
        return (high, Math.Max(needed, 3), 2);
    }

    /// <summary>
    /// The largest loss rate that <paramref name="lost"/> of <paramref name="sent"/> is still
    /// consistent with: the upper end of the Wilson score interval, one-sided 95%.
    /// </summary>
    internal static double UpperLossRate(int lost, int sent)
    {
        const double Z = 1.645;
        var n = (double)sent;
        var p = lost / n;
        var centre = (p + (Z * Z / (2 * n))) / (1 + (Z * Z / n));
        var margin = Z * Math.Sqrt((p * (1 - p) / n) + (Z * Z / (4 * n * n))) / (1 + (Z * Z / n));
        return Math.Min(centre + margin, 0.999);
    }

    private static bool BoundaryHeld(MtuSearchState state) =>
        RequiredVanishings(state) is { } r
        && r.HighNeeded <= MtuSearch.MaxConfirmations
        && state.LostCount(r.High) >= r.HighNeeded
        && (r.High == MtuSearch.Ceiling || state.LostCount(MtuSearch.Ceiling) >= r.CeilingNeeded);
}
