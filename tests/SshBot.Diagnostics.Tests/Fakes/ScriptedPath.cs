using System.Collections.Concurrent;
using System.Net;
using SshBot.Diagnostics.Seams;

namespace SshBot.Diagnostics.Tests.Fakes;

/// <summary>
/// A path the test describes: its MTU, whether the router in front of the small link says
/// "fragmentation needed", which echo probes get lost once, and the connects' answers in order.
/// </summary>
public sealed class ScriptedPath : IPathProber
{
    private readonly ConcurrentQueue<TimeSpan?> _connects = new();
    private readonly ConcurrentDictionary<int, int> _loseOnce = new();

    public int Mtu { get; init; } = 1500;

    /// <summary>True: oversize probes get ICMP fragmentation-needed back; false: they vanish (a black hole).</summary>
    public bool SignalsTooBig { get; init; }

    /// <summary>The MTU the too-big answer names (null: the answer names none).</summary>
    public bool NamesMtu { get; init; } = true;

    public bool EchoBlocked { get; init; }

    public string? Unavailable { get; init; }

    public ConcurrentBag<int> Echoed { get; } = [];

    public ConcurrentBag<TimeSpan> Timeouts { get; } = [];

    public ConcurrentBag<TimeSpan> EchoTimeouts { get; } = [];

    public int ConnectCalls => _connectCalls;

    private int _connectCalls;

    public ScriptedPath Connects(params double?[] ms)
    {
        foreach (var m in ms)
        {
            _connects.Enqueue(m is { } v ? TimeSpan.FromMilliseconds(v) : null);
        }

        return this;
    }

    public ScriptedPath LosesOnce(params int[] sizes)
    {
        foreach (var size in sizes)
        {
            _loseOnce[size] = 1;
        }

        return this;
    }

    public Task<TimeSpan?> ConnectOnceAsync(IPEndPoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connectCalls);
        Timeouts.Add(timeout);
        return Task.FromResult(_connects.TryDequeue(out var next) ? next : TimeSpan.FromMilliseconds(1));
    }

    public Task<DontFragmentReply> EchoAsync(IPAddress address, int packetSize, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Echoed.Add(packetSize);
        EchoTimeouts.Add(timeout);
        if (Unavailable is { } why)
        {
            return Task.FromResult(new DontFragmentReply(DontFragmentOutcome.Unavailable, Detail: why));
        }

        if (EchoBlocked || _loseOnce.TryRemove(packetSize, out _))
        {
            return Task.FromResult(DontFragmentReply.NoAnswer);
        }

        if (packetSize <= Mtu)
        {
            return Task.FromResult(DontFragmentReply.Replied);
        }

        return Task.FromResult(SignalsTooBig ? new DontFragmentReply(DontFragmentOutcome.TooBig, NamesMtu ? Mtu : null) : DontFragmentReply.NoAnswer);
    }
}
