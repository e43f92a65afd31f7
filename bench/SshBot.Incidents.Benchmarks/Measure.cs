using System.Diagnostics;
using System.Globalization;

namespace SshBot.Incidents.Benchmarks;

/// <summary>
/// Runs an operation many times and reports throughput and latency percentiles, after an untimed
/// tenth as many runs so JIT and tiered compilation do not count against the first size measured.
/// </summary>
internal static class Measure
{
    public static async Task<string> RunAsync(string name, int count, Func<int, Task> operation)
    {
        for (var i = 0; i < count / 10; i++)
        {
            await operation(count + i);
        }

        var latencies = new double[count];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var one = Stopwatch.StartNew();
            await operation(i);
            latencies[i] = one.Elapsed.TotalMilliseconds;
        }

        total.Stop();
        Array.Sort(latencies);
        return string.Create(CultureInfo.InvariantCulture,
            $"{name,-34} {count / total.Elapsed.TotalSeconds,10:F0}/s   p50 {latencies[count / 2],7:F2} ms   p99 {latencies[(int)(count * 0.99)],7:F2} ms");
    }
}
