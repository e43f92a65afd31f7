using System.Net;

namespace SshBot.Diagnostics.Probes.PathCheck;

/// <summary>
/// Keeps this process's connections to one sshd under the threshold at which OpenSSH 9.8 and
/// later refuse the source: by default each connection closed without logging in costs 1 s of
/// penalty (PerSourcePenalties noauth:1s), penalties run down 1 s per second, and the source is
/// refused once 15 s have accrued. Each diagnosis's own handshake costs one; the path stage's
/// connects run only when all of them fit, so a "run again" seconds after a diagnosis does
/// not get the bot refused (and the second diagnosis misread as a ban or MaxStartups).
/// </summary>
public sealed class ConnectBudget(TimeProvider time, double capacity = ConnectBudget.DefaultCapacity)
{
    /// <summary>One second under OpenSSH's default 15 s threshold.</summary>
    public const double DefaultCapacity = 14;

    private readonly Dictionary<IPAddress, (double Spent, DateTimeOffset At)> _spent = [];
    private readonly Lock _lock = new();

    /// <summary>
    /// Charges the diagnosis's own handshake to <paramref name="address"/>, then
    /// <paramref name="connects"/> more if they all fit, or if nothing was outstanding for the
    /// address (the first diagnosis always runs the count it was given). Returns whether they ran; when not,
    /// <paramref name="waitSeconds"/> says how long until they would.
    /// </summary>
    public bool TryTake(IPAddress address, int connects, out double waitSeconds)
    {
        ArgumentNullException.ThrowIfNull(address);
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var spent = _spent.TryGetValue(address, out var entry) ? Math.Max(0, entry.Spent - (now - entry.At).TotalSeconds) : 0;
            // Nothing outstanding: the connects run whatever their number (a count set above
            // the budget on purpose, e.g. for a server known not to penalise).
            var fresh = spent <= 0;
            spent += 1;
            var fits = fresh || spent + connects <= capacity;
            if (fits)
            {
                spent += connects;
            }

            _spent[address] = (spent, now);
            waitSeconds = fits ? 0 : Math.Ceiling(spent + connects - capacity);
            if (_spent.Count > 4096)
            {
                // A bot asked about many hosts over a long time: forget the ones that ran down.
                foreach (var stale in _spent.Where(kv => kv.Value.Spent - (now - kv.Value.At).TotalSeconds <= 0).Select(kv => kv.Key).ToArray())
                {
                    _spent.Remove(stale);
                }
            }

            return fits;
        }
    }
}
