namespace SshBot.Diagnostics.Engine;

/// <summary>
/// Learns, across one batch, how long an answer takes, so that silent hosts are given up on
/// in about a second instead of the full configured timeout (nmap does the same).
/// Every answer (a connect or a refusal) is a sample: for a connect, the kernel's own reading of
/// the handshake's round trip where there is one. That reading follows Karn's rule (with TCP
/// timestamps it times the SYN that was answered), so a connect that needed a retransmitted SYN
/// counts as the path's round trip, not as a second more of it: a busy server dropping SYNs from
/// its full listen queue must not stretch the wait on every silent host. A SYN can be lost on a healthy path (a
/// full listen queue on a busy server drops it), so a host is only given up on once the
/// kernel's first SYN retransmission, sent <see cref="SynRetransmission"/> after the first,
/// has had as long to be answered as the kernel itself would wait for an answer: the RFC 6298
/// estimate srtt + 4·rttvar, at least <see cref="MinRetransmissionWait"/> (Linux's TCP_RTO_MIN),
/// which also covers the kernel timer's own lateness. The learned timeout is the sum, never
/// below <see cref="Floor"/> and never above the configured timeout. Until
/// <see cref="MinSamples"/> answers have come, the configured timeout applies.
/// </summary>
public sealed class ConnectTimeoutLearner(TimeSpan configured, TimeSpan floor)
{
    public const int MinSamples = 3;

    /// <summary>When the kernel resends an unanswered SYN (the initial RTO: Linux TCP_TIMEOUT_INIT, RFC 6298 §2.1).</summary>
    public static readonly TimeSpan SynRetransmission = TimeSpan.FromSeconds(1);

    /// <summary>When the kernel resends the SYN a second time (the RTO doubled: 1 s, then 2 s more).</summary>
    public static readonly TimeSpan SecondSynRetransmission = TimeSpan.FromSeconds(3);

    /// <summary>The least the retransmitted SYN is given to be answered: Linux's minimum retransmission timeout (TCP_RTO_MIN).</summary>
    public static readonly TimeSpan MinRetransmissionWait = TimeSpan.FromMilliseconds(200);

    private readonly Lock _lock = new();
    private double _srttMs;
    private double _rttvarMs;
    private int _samples;
    private bool _synLossSeen;
    private TimeSpan _lastSignalled = TimeSpan.MaxValue;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TimeSpan Configured { get; } = configured;

    public TimeSpan Floor { get; } = floor < configured ? floor : configured;

    /// <summary>The timeout that applies now.</summary>
    public TimeSpan Current
    {
        get
        {
            lock (_lock)
            {
                if (_samples < MinSamples)
                {
                    return Configured;
                }

                var bound = Learned();
                return bound < Floor ? Floor : bound > Configured ? Configured : bound;
            }
        }
    }

    /// <summary>True once the bound comes from measurements rather than configuration.</summary>
    public bool IsLearned
    {
        get
        {
            lock (_lock)
            {
                return _samples >= MinSamples;
            }
        }
    }

    /// <summary>Completes when the bound may have become shorter; waiters then re-check.</summary>
    public Task Changed
    {
        get
        {
            lock (_lock)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>
    /// One answer: <paramref name="rtt"/> is its round trip; <paramref name="waited"/>, when
    /// given, how long the connect took in all. A connect that took a retransmission longer than
    /// its round trip had its first SYN lost on the way or at a full listen queue: from then on,
    /// in this batch, a silent host is given until its second retransmission has been answered
    /// too, since SYNs are being lost and one host may well lose two.
    /// </summary>
    public void Record(TimeSpan rtt, TimeSpan? waited = null)
    {
        TaskCompletionSource? signal = null;
        lock (_lock)
        {
            if (waited - rtt >= SynRetransmission * 0.9)
            {
                _synLossSeen = true;
            }

            var ms = rtt.TotalMilliseconds;
            if (_samples == 0)
            {
                _srttMs = ms;
                _rttvarMs = ms / 2;
            }
            else
            {
                _rttvarMs = (0.75 * _rttvarMs) + (0.25 * Math.Abs(_srttMs - ms));
                _srttMs = (0.875 * _srttMs) + (0.125 * ms);
            }

            _samples++;
            // Waking every waiter on every sample would cost O(waiters x samples); wake them
            // only when the bound has shrunk by a tenth since they last looked.
            var bound = _samples < MinSamples ? Configured : Learned();
            if (_samples >= MinSamples && bound < _lastSignalled * 0.9)
            {
                _lastSignalled = bound;
                signal = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        signal?.TrySetResult();
    }

    /// <summary>
    /// Waits until <paramref name="attempt"/> finishes or has run longer than the current bound,
    /// re-checking whenever the bound changes. Returns true when the attempt finished first.
    /// </summary>
    public async Task<bool> WaitAsync(Task attempt, long startTimestamp, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(time);
        while (!attempt.IsCompleted)
        {
            var remaining = Current - time.GetElapsedTime(startTimestamp);
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timer = Task.Delay(remaining, time, delay.Token);
            await Task.WhenAny(attempt, timer, Changed);
            await delay.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        return true;
    }

    /// <summary>
    /// The first SYN's retransmission (the second, once SYN loss has been seen in the batch),
    /// then the kernel's own wait for its answer. Call under the lock.
    /// </summary>
    private TimeSpan Learned()
    {
        var wait = TimeSpan.FromMilliseconds(_srttMs + (4 * _rttvarMs));
        return (_synLossSeen ? SecondSynRetransmission : SynRetransmission) + (wait < MinRetransmissionWait ? MinRetransmissionWait : wait);
    }
}
