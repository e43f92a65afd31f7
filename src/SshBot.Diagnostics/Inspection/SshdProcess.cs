using System.Globalization;
using System.Text.RegularExpressions;

namespace SshBot.Diagnostics.Inspection;

/// <summary>One line of the <c>sshd-processes</c> section: an sshd process or a direct child of one.</summary>
public sealed partial record SshdProcess(int Pid, int ParentPid, string Name, string Arguments)
{
    public bool IsSshd => Name.StartsWith("sshd", StringComparison.Ordinal);

    /// <summary>The process serving one connection after login ("sshd: root@notty", "sshd-session: alice@pts/0").</summary>
    public bool IsConnection => IsSshd && ConnectionTitle().IsMatch(Arguments);

    public static IReadOnlyList<SshdProcess> Parse(InspectionSection? section)
    {
        var processes = new List<SshdProcess>();
        foreach (var line in section?.Lines ?? [])
        {
            var m = Line().Match(line);
            if (m.Success
                && int.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out var pid)
                && int.TryParse(m.Groups[2].Value, CultureInfo.InvariantCulture, out var ppid))
            {
                processes.Add(new SshdProcess(pid, ppid, m.Groups[3].Value, m.Groups[4].Value.TrimEnd()));
            }
        }

        return processes;
    }

    /// <summary>The most non-sshd children (sessions: shells, subsystems, commands) under one connection process.</summary>
    public static int MaxSessionsPerConnection(IReadOnlyList<SshdProcess> processes)
    {
        var connections = processes.Where(p => p.IsConnection).Select(p => p.Pid).ToHashSet();
        return processes.Where(p => !p.IsSshd && connections.Contains(p.ParentPid))
            .GroupBy(p => p.ParentPid)
            .Select(g => g.Count())
            .DefaultIfEmpty(0)
            .Max();
    }

    [GeneratedRegex(@"^pid=(\d+) ppid=(\d+) name=(\S+) args=(.*)$")]
    private static partial Regex Line();

    [GeneratedRegex(@"^sshd(-session)?: \S+@\S+")]
    private static partial Regex ConnectionTitle();
}
