using SshBot.Diagnostics.Seams;

namespace SshBot.Diagnostics.Probes.PathCheck;

/// <summary>
/// What one path MTU search has seen so far, shared by its probes as they finish: the sizes that
/// passed, vanished (a probe counts as vanished from when it is sent until it is answered, so a
/// round plans with what has come back), or were too big, and how often each was sent.
/// </summary>
internal sealed class MtuSearchState
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, int> _lost = [];
    private readonly Dictionary<int, int> _sent = [];
    private readonly HashSet<int> _tooBig = [];

    private int? _largest;
    private int? _namedMtu;
    private string? _unavailable;
    private TimeSpan? _slowestAnswer;
    private int _probes;

    public int? Largest => Read(() => _largest);

    public bool TooBigSeen => Read(() => _tooBig.Count > 0);

    public int? NamedMtu => Read(() => _namedMtu);

    public string? UnavailableDetail => Read(() => _unavailable);

    /// <summary>The longest any probe took to be answered (reply or too-big), or null before the first answer.</summary>
    public TimeSpan? SlowestAnswer => Read(() => _slowestAnswer);

    public List<string> Errors { get; } = [];

    public int Probes => Read(() => _probes);

    public int LostCount(int size) => Read(() => _lost.GetValueOrDefault(size));

    /// <summary>Probes that vanished, and probes sent, at sizes no larger than <paramref name="size"/> (sizes a larger reply shows to pass).</summary>
    public (int Lost, int Sent) AtOrBelow(int size) =>
        Read(() => (_lost.Where(kv => kv.Key <= size).Sum(kv => kv.Value), _sent.Where(kv => kv.Key <= size).Sum(kv => kv.Value)));

    public bool IsTooBig(int size) => Read(() => _tooBig.Contains(size));

    /// <summary>The smallest size above <paramref name="size"/> that was too big or vanished (or is still unanswered).</summary>
    public int? SmallestFailAbove(int size) =>
        Read(() => _lost.Keys.Concat(_tooBig).Where(s => s > size).Order().Cast<int?>().FirstOrDefault());

    private T Read<T>(Func<T> read)
    {
        lock (_lock)
        {
            return read();
        }
    }

    /// <summary>A probe went out: until it is answered, it counts as lost (the next round plans with what has come back so far).</summary>
    public void Sent(int size)
    {
        lock (_lock)
        {
            _probes++;
            _lost[size] = _lost.GetValueOrDefault(size) + 1;
            _sent[size] = _sent.GetValueOrDefault(size) + 1;
        }
    }

    public void Record(int size, DontFragmentReply reply, TimeSpan took)
    {
        lock (_lock)
        {
            if (reply.Outcome is DontFragmentOutcome.Reply or DontFragmentOutcome.TooBig or DontFragmentOutcome.Unavailable)
            {
                if (--_lost[size] == 0)
                {
                    _lost.Remove(size);
                }
            }

            if ((reply.Outcome is DontFragmentOutcome.Reply or DontFragmentOutcome.TooBig) && !(_slowestAnswer >= took))
            {
                _slowestAnswer = took;
            }

            switch (reply.Outcome)
            {
                case DontFragmentOutcome.Reply:
                    _largest = _largest is { } l && l >= size ? l : size;
                    break;
                case DontFragmentOutcome.TooBig:
                    _tooBig.Add(size);
                    if (reply.Mtu is { } mtu && mtu < size)
                    {
                        _namedMtu = _namedMtu is { } n && n <= mtu ? n : mtu;
                    }

                    break;
                case DontFragmentOutcome.Unavailable:
                    _unavailable ??= reply.Detail ?? "this platform cannot send echo probes with DF set";
                    break;
                case DontFragmentOutcome.Error:
                    Errors.Add(reply.Detail ?? "ICMP error");
                    break;
                default:
                    break;
            }
        }
    }
}
