using System.Globalization;
using System.Text.RegularExpressions;

namespace SshBot.Diagnostics.Inspection;

/// <summary>Reads load, memory, file descriptors, disk use, OOM kills and TCP keepalive sysctls from their sections.</summary>
internal static partial class HostResources
{
    /// <summary>A filesystem at or above this use (blocks or inodes) is full.</summary>
    public const int FullPercent = 98;

    /// <summary>The 1-minute load average per CPU.</summary>
    public static double? LoadPerCpu(InspectionSection section)
    {
        var pairs = section.Pairs();
        if (pairs.TryGetValue("loadavg", out var load) && pairs.TryGetValue("cpus", out var cpus)
            && TryNumber(load.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(), out var one)
            && TryNumber(cpus.Trim(), out var n) && n >= 1)
        {
            return Math.Round(one / n, 2);
        }

        return null;
    }

    /// <summary>MemAvailable as a percentage of MemTotal (MemFree + Buffers + Cached on kernels before 3.14).</summary>
    public static double? MemoryAvailablePercent(InspectionSection section)
    {
        var kb = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in section.Lines)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && TryNumber(line[(colon + 1)..].Replace("kB", "", StringComparison.Ordinal).Trim(), out var value))
            {
                kb[line[..colon]] = value;
            }
        }

        if (!kb.TryGetValue("MemTotal", out var total) || total <= 0)
        {
            return null;
        }

        var available = kb.TryGetValue("MemAvailable", out var a) ? a
            : kb.GetValueOrDefault("MemFree") + kb.GetValueOrDefault("Buffers") + kb.GetValueOrDefault("Cached");
        return Math.Round(100 * available / total, 1);
    }

    /// <summary>(allocated - unused) / max from /proc/sys/fs/file-nr, as a percentage.</summary>
    public static double? FdUsedPercent(InspectionSection section)
    {
        var fields = (section.Lines.Count > 0 ? section.Lines[0] : null)?.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (fields.Length >= 3 && TryNumber(fields[0], out var allocated) && TryNumber(fields[1], out var unused)
            && TryNumber(fields[2], out var max) && max > 0)
        {
            return Math.Round(100 * (allocated - unused) / max, 2);
        }

        return null;
    }

    /// <summary>Use per mount point from <c>df -P</c> or <c>df -Pi</c> (Capacity or IUse% column).</summary>
    public static IReadOnlyList<(string Mount, int Percent)> DiskUse(InspectionSection section)
    {
        var uses = new List<(string, int)>();
        foreach (var line in section.Lines.Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 6 && fields[4].EndsWith('%')
                && int.TryParse(fields[4].AsSpan(0, fields[4].Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var pct))
            {
                uses.Add((string.Join(' ', fields.Skip(5)), pct));
            }
        }

        return uses.DistinctBy(u => u.Item1).ToArray();
    }

    /// <summary>Distinct processes the OOM killer killed, from kernel log lines.</summary>
    public static int OomKills(InspectionSection section)
    {
        var pids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in section.Lines)
        {
            if (Killed().Match(line) is { Success: true } m)
            {
                pids.Add(m.Groups[1].Value);
            }
        }

        return pids.Count;
    }

    public static bool TryNumber(string? text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    [GeneratedRegex(@"(?:[Kk]ill(?:ed)? process |oom-kill:.*\bpid=)(\d+)")]
    private static partial Regex Killed();
}
