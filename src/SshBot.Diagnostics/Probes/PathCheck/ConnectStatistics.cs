namespace SshBot.Diagnostics.Probes.PathCheck;

/// <summary>
/// Loss and delay from a series of connects: the share that got no answer, the median
/// round-trip time of those that did, and the jitter as the spread between the 10th and 90th
/// percentiles (robust to one slow outlier, unlike max - min).
/// </summary>
public sealed record ConnectStatistics(int Attempts, int Answered, double LossPct, double? RttMs, double? JitterMs)
{
    /// <summary>Summarises samples: one entry per attempt, null where the attempt got no answer.</summary>
    public static ConnectStatistics From(IReadOnlyCollection<TimeSpan?> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("at least one attempt is needed", nameof(samples));
        }

        var answered = samples.Where(s => s.HasValue).Select(s => s!.Value.TotalMilliseconds).Order().ToArray();
        var loss = Math.Round(100.0 * (samples.Count - answered.Length) / samples.Count, 1);
        if (answered.Length == 0)
        {
            return new(samples.Count, 0, loss, null, null);
        }

        var jitter = Percentile(answered, 0.9) - Percentile(answered, 0.1);
        return new(samples.Count, answered.Length, loss, Math.Round(Percentile(answered, 0.5), 2), Math.Round(jitter, 2));
    }

    /// <summary>The linearly interpolated percentile of sorted values (p in 0..1).</summary>
    internal static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        var rank = p * (sorted.Count - 1);
        var lower = (int)Math.Floor(rank);
        var upper = (int)Math.Ceiling(rank);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (rank - lower));
    }
}
