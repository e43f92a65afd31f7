using System.Net;
using System.Net.Sockets;
using SshBot.Diagnostics.Seams;

namespace SshBot.Diagnostics.Probes.PathCheck;

/// <summary>
/// Finds the largest packet that crosses the path with Don't Fragment set, in a few rounds of
/// echo probes sent side by side (so a round costs one probe timeout, not one per size).
/// Round one sends a full-size and a minimum-size probe, which settles a healthy path with two
/// packets; round two tries a ladder of common MTUs (Ethernet, PPPoE, tunnels, the IPv6
/// minimum); later rounds retry the smallest size that vanished and narrow the gap between it and the
/// largest that passed. A reply at some size proves every smaller size passes, so a lost
/// small probe is read as loss, not as a limit. A too-big answer (ICMP fragmentation needed)
/// means path MTU discovery gets its signal: the path works, at that size. Only sizes that
/// vanish twice with no answer while smaller ones pass make a black hole.
/// </summary>
public sealed class MtuSearch(IPathProber prober)
{
    /// <summary>Rounds of probes at most (full size and floor, the ladder, two narrowing rounds); each waits one probe timeout at worst.</summary>
    public const int MaxRounds = 4;

    /// <summary>Probes in flight at once in one round.</summary>
    public const int MaxPerRound = 16;

    /// <summary>The largest packet probed: Ethernet's MTU. Larger links are reported as 1500.</summary>
    public const int Ceiling = 1500;

    private static readonly int[] Ladder = [1500, 1492, 1480, 1460, 1440, 1420, 1400, 1380, 1360, 1340, 1300, 1280, 1200, 1000, 576];

    /// <summary>The smallest packet probed: the IPv4 minimum reassembly size, or the IPv6 minimum MTU.</summary>
    public static int Floor(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 1280 : 576;

    public async Task<MtuResult> RunAsync(IPAddress address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var floor = Floor(address.AddressFamily);
        var state = new SearchState();
        int[] sizes = [Ceiling, floor];
        for (var round = 1; round <= MaxRounds && sizes.Length > 0; round++)
        {
            var replies = await Task.WhenAll(sizes.Select(size => prober.EchoAsync(address, size, timeout, cancellationToken)));
            for (var i = 0; i < sizes.Length; i++)
            {
                state.Record(sizes[i], replies[i]);
            }

            if (state.UnavailableDetail is { } why)
            {
                return new MtuResult(MtuResult.Unavailable, null, why, state.Probes);
            }

            sizes = round == 1 ? LadderRound(state, floor) : state.Largest is null ? [] : NextSizes(state);
        }

        return Conclude(state, floor);
    }

    /// <summary>After a full-size probe did not pass: every rung above what passed, the full size again if it only vanished once.</summary>
    private static int[] LadderRound(SearchState state, int floor)
    {
        if (state.Largest >= Ceiling || state.Largest >= state.NamedMtu)
        {
            return [];
        }

        var above = state.Largest ?? 0;
        return Ladder.Where(s => s >= floor && s > above && !state.IsTooBig(s) && !(s == Ceiling && state.LostCount(s) >= 2)).ToArray();
    }

    /// <summary>The next round: the smallest failed size again if it vanished only once, and points between it and the largest pass.</summary>
    private static int[] NextSizes(SearchState state)
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
        return next.Where(s => s > low && s <= high).ToArray();
    }

    private static MtuResult Conclude(SearchState state, int floor)
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

        return new MtuResult(MtuResult.Blackhole, largest,
            $"packets of {high ?? largest + 1} bytes and more with DF set vanish with no ICMP answer, while {largest} bytes pass", state.Probes);
    }

    private sealed class SearchState
    {
        private readonly Dictionary<int, int> _lost = [];
        private readonly HashSet<int> _tooBig = [];

        public int? Largest { get; private set; }

        public bool TooBigSeen => _tooBig.Count > 0;

        public int? NamedMtu { get; private set; }

        public string? UnavailableDetail { get; private set; }

        public List<string> Errors { get; } = [];

        public int Probes { get; private set; }

        public int LostCount(int size) => _lost.GetValueOrDefault(size);

        public bool IsTooBig(int size) => _tooBig.Contains(size);

        /// <summary>The smallest size above <paramref name="size"/> that was too big or vanished.</summary>
        public int? SmallestFailAbove(int size) =>
            _lost.Keys.Concat(_tooBig).Where(s => s > size).Order().Cast<int?>().FirstOrDefault();

        public void Record(int size, DontFragmentReply reply)
        {
            Probes++;
            switch (reply.Outcome)
            {
                case DontFragmentOutcome.Reply:
                    Largest = Largest is { } l && l >= size ? l : size;
                    break;
                case DontFragmentOutcome.TooBig:
                    _tooBig.Add(size);
                    if (reply.Mtu is { } mtu && mtu < size)
                    {
                        NamedMtu = NamedMtu is { } n && n <= mtu ? n : mtu;
                    }

                    break;
                case DontFragmentOutcome.Unavailable:
                    UnavailableDetail ??= reply.Detail ?? "this platform cannot send echo probes with DF set";
                    break;
                case DontFragmentOutcome.Error:
                    Errors.Add(reply.Detail ?? "ICMP error");
                    _lost[size] = LostCount(size) + 1;
                    break;
                default:
                    _lost[size] = LostCount(size) + 1;
                    break;
            }
        }
    }
}
