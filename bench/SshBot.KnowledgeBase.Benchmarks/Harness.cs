using System.Diagnostics;
using System.Globalization;

namespace SshBot.KnowledgeBase.Benchmarks;

/// <summary>
/// A small Stopwatch harness (BenchmarkDotNet does not restore from our registry): warm up, then
/// time every call on its own and report the median, p99 and mean.
/// </summary>
internal static class Harness
{
    public static void Measure(string name, int warmup, int iterations, Action operation)
    {
        for (var i = 0; i < warmup; i++)
        {
            operation();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var samples = new double[iterations];
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            operation();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)iterations;
        Array.Sort(samples);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-48} n={iterations,6}  median {Format(Percentile(samples, 0.50)),10}  p99 {Format(Percentile(samples, 0.99)),10}  mean {Format(samples.Average()),10}  alloc/op {allocated / 1024,9:0.0} KiB"));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string Format(double microseconds) => microseconds switch
    {
        < 1000 => string.Create(CultureInfo.InvariantCulture, $"{microseconds:0.0} µs"),
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{microseconds / 1000:0.00} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{microseconds / 1_000_000:0.00} s"),
    };
}
