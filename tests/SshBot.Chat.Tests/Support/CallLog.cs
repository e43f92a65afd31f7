using System.Threading.Channels;

namespace SshBot.Chat.Tests.Support;

/// <summary>
/// The calls a fake service on loopback received, in order. Tests wait on a call instead of
/// sleeping; every call read is kept in <see cref="Seen"/>.
/// </summary>
public sealed class CallLog<T>
    where T : class
{
    private readonly Channel<T> _calls = Channel.CreateUnbounded<T>();

    public List<T> Seen { get; } = [];

    public ValueTask AddAsync(T call) => _calls.Writer.WriteAsync(call);

    /// <summary>Adds from a synchronous callback (the log is unbounded, so this never waits).</summary>
    public void Add(T call) => _calls.Writer.TryWrite(call);

    /// <summary>Waits (<paramref name="within"/>, else 20 s, at most) for the call that satisfies <paramref name="match"/>.</summary>
    public async Task<T> WaitForAsync(Func<T, bool> match, TimeSpan? within = null)
    {
        if (Seen.FirstOrDefault(match) is { } found)
        {
            return found;
        }

        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var call = await _calls.Reader.ReadAsync(timeout.Token);
            Seen.Add(call);
            if (match(call))
            {
                return call;
            }
        }
    }

    /// <summary>Everything received so far, without waiting.</summary>
    public List<T> Drain()
    {
        while (_calls.Reader.TryRead(out var call))
        {
            Seen.Add(call);
        }

        return Seen;
    }
}
