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
    /// (loss on the path), it must vanish so many times that loss at the rate seen below it
    /// would do that less than once in a thousand searches (at 30% loss, seven times), and the
    /// full size twice: otherwise random loss of a few large probes (some between 1480 and 1500)
    /// reads as an MTU limit. The boundary is probed <see cref="MtuSearch.MaxConfirmations"/> times at most.
    /// </summary>
    public static int[] ConfirmationSizes(MtuSearchState state)
    {
        if (RequiredVanishings(state) is not { } required || required.HighNeeded > MtuSearch.MaxConfirmations)
        {
            return [];
        }

        var (high, highNeeded, ceilingNeeded) = required;
        return Enumerable.Repeat(high, Math.Max(0, highNeeded - state.LostCount(high)))
            .Concat(Enumerable.Repeat(MtuSearch.Ceiling, high == MtuSearch.Ceiling ? 0 : Math.Max(0, ceilingNeeded - state.LostCount(MtuSearch.Ceiling))))
            .ToArray();
    }

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

        // The loss rate seen where sizes pass, smoothed so that one loss in a few probes is not read as 50%.
        var rate = (lost + 1.0) / (sent + 2.0);
        var needed = (int)Math.Ceiling(Math.Log(0.001) / Math.Log(rate));
        return (high, Math.Clamp(needed, 3, MtuSearch.MaxConfirmations), 2);
    }

    private static bool BoundaryHeld(MtuSearchState state) =>
        RequiredVanishings(state) is { } r
        && r.HighNeeded <= MtuSearch.MaxConfirmations
        && state.LostCount(r.High) >= r.HighNeeded
        && (r.High == MtuSearch.Ceiling || state.LostCount(MtuSearch.Ceiling) >= r.CeilingNeeded);
}
