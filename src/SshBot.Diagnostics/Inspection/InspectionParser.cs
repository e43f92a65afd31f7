using System.Globalization;
using System.Net;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Inspection;

/// <summary>
/// Turns the framed output of <see cref="InspectionScript"/> into <c>host.*</c> observations.
/// Among every listening sshd the script reports, it picks the one that owns the probed port.
/// A section that is missing, not permitted or cut off leaves its keys unset (unknown) and is
/// listed in <c>host.inspect.unavailable</c>; no input makes it throw.
/// </summary>
public static class InspectionParser
{
    /// <summary>The most sshd log lines kept as evidence (the newest).</summary>
    public const int MaxLogLines = 100;

    private static readonly string[] FirewallSections = ["firewall-nft", "firewall-iptables", "firewall-ip6tables", "firewall-ufw"];
    private static readonly string[] BanSections = ["firewall-nft", "firewall-iptables", "firewall-ip6tables", "bans-fail2ban", "bans-ipset"];

    public static InspectionReport Parse(string? output, int port)
    {
        var index = new SectionIndex(InspectionFrames.Parse(output));
        var o = new Dictionary<string, ObservationValue>(StringComparer.Ordinal);

        if (index.Ok("sshd-processes") is { } ps)
        {
            var processes = SshdProcess.Parse(ps);
            o["host.sshd.running"] = ObservationValue.Of(processes.Any(p => p.IsSshd));
            o["host.sessions.max_per_connection"] = ObservationValue.Of(SshdProcess.MaxSessionsPerConnection(processes));
        }

        var sockets = index.Ok("listening") is { } ls ? ListeningSocket.Parse(ls) : null;
        if (sockets is not null)
        {
            o["host.sshd.listening"] = ObservationValue.Of(sockets.Any(s => s.Port == port));
        }

        var pid = SelectSshd(index, sockets, port);
        if (pid is not null)
        {
            ReadSshd(index, pid, o);
        }

        if (SshdLog(index, pid) is { } log)
        {
            o["host.sshd.log"] = ObservationValue.Of(log.TakeLast(MaxLogLines));
        }

        if (FirewallSections.Any(n => index.Ok(n) is not null))
        {
            o["host.firewall.rules"] = ObservationValue.Of(FirewallRules.ForPort(index.All, port));
        }

        IReadOnlyList<BanEntry> bans = [];
        if (BanSections.Any(n => index.Ok(n) is not null))
        {
            bans = BanSets.Read(index.All);
            o["host.bans"] = ObservationValue.Of(bans.Select(b => b.ToString()));
        }

        ReadResources(index, o);

        if (index.Ok("knock") is { } knock)
        {
            o["host.knock.configured"] = ObservationValue.Of(knock.Lines.Any(l => l.StartsWith("running=", StringComparison.Ordinal) || l.StartsWith("config=", StringComparison.Ordinal)));
        }

        if (index.All.Count > 0)
        {
            // A failing `sshd -t` is a finding (the config is invalid), not an unavailable check.
            o["host.inspect.unavailable"] = ObservationValue.Of(index.All
                .Where(s => !s.IsOk && !(s.Name == "sshd-t" && s.Status == InspectionSection.Error))
                .Select(s => $"{s.Name}{(s.Argument is null ? "" : " " + s.Argument)}: {s.Status}{(s.StatusDetail is null ? "" : " " + s.StatusDetail)}"));
        }

        var bot = index.Ok("meta")?.Pairs().GetValueOrDefault("client") is { } client && IPAddress.TryParse(client, out var address) ? address : null;
        return new InspectionReport(o, bans, bot, index.All);
    }

    /// <summary>
    /// The pid of the sshd for the port: the one ss saw owning a socket on it; else the only one
    /// reported; else the only one whose effective config listens on the port. Null when unsure.
    /// </summary>
    private static string? SelectSshd(SectionIndex index, IReadOnlyList<ListeningSocket>? sockets, int port)
    {
        var candidates = index.All.Where(s => s.Name == "sshd" && s.IsOk && s.Argument is not null).Select(s => s.Argument!).Distinct().ToArray();
        var owner = sockets?.FirstOrDefault(s => s.Port == port && s.Pid is not null && s.Process?.StartsWith("sshd", StringComparison.Ordinal) == true)
            ?.Pid?.ToString(CultureInfo.InvariantCulture);
        if (owner is not null && candidates.Contains(owner))
        {
            return owner;
        }

        if (candidates.Length == 1)
        {
            return candidates[0];
        }

        var byConfig = candidates.Where(c => index.Ok("sshd-T", c) is { } t && t.Lines.Contains($"port {port}")).ToArray();
        return byConfig.Length == 1 ? byConfig[0] : null;
    }

    private static void ReadSshd(SectionIndex index, string pid, Dictionary<string, ObservationValue> o)
    {
        if (index.Ok("sshd", pid)?.Pairs().GetValueOrDefault("config") is { Length: > 0 } config)
        {
            o["host.sshd.config_file"] = ObservationValue.Of(config);
        }

        if (index.Ok("sshd-T", pid) is { } effective)
        {
            EffectiveConfig.Read(effective, o);
        }

        var test = index.Find("sshd-t", pid);
        if (test is { IsOk: true })
        {
            o["host.sshd.config_valid"] = ObservationValue.Of(true);
        }
        else if (test is { Status: InspectionSection.Error })
        {
            o["host.sshd.config_valid"] = ObservationValue.Of(false);
            var lines = test.Lines.Select(l => l.Trim()).Where(l => l.Length > 0).Take(3).ToArray();
            o["host.sshd.config_error"] = ObservationValue.Of(lines.Length > 0 ? string.Join("; ", lines) : $"sshd -t failed ({test.StatusDetail})");
        }
    }

    /// <summary>The log of the chosen sshd's own -E file, else the journal, else the syslog file.</summary>
    private static IReadOnlyList<string>? SshdLog(SectionIndex index, string? pid)
    {
        if (pid is not null && index.Ok("sshd-log-file", pid) is { } file)
        {
            return file.Lines;
        }

        var journal = index.Ok("sshd-log-journal");
        if (journal is { Lines.Count: > 0 })
        {
            return journal.Lines.Where(l => !l.StartsWith("-- ", StringComparison.Ordinal)).ToArray();
        }

        var syslog = index.All.FirstOrDefault(s => s.Name == "sshd-log-syslog" && s.IsOk);
        return syslog?.Lines ?? journal?.Lines;
    }

    private static void ReadResources(SectionIndex index, Dictionary<string, ObservationValue> o)
    {
        if (index.Ok("load") is { } load && HostResources.LoadPerCpu(load) is { } perCpu)
        {
            o["host.load.per_cpu"] = ObservationValue.Of(perCpu);
        }

        if (index.Ok("memory") is { } memory && HostResources.MemoryAvailablePercent(memory) is { } available)
        {
            o["host.memory.available_pct"] = ObservationValue.Of(available);
        }

        if (index.Ok("fd") is { } fd && HostResources.FdUsedPercent(fd) is { } fdUsed)
        {
            o["host.fd.used_pct"] = ObservationValue.Of(fdUsed);
        }

        var blocks = index.Ok("disk") is { } disk ? HostResources.DiskUse(disk) : [];
        var inodes = index.Ok("disk-inodes") is { } di ? HostResources.DiskUse(di) : [];
        if (blocks.Count + inodes.Count > 0)
        {
            o["host.disk.max_used_pct"] = ObservationValue.Of(blocks.Concat(inodes).Max(u => u.Percent));
            o["host.disk.full"] = ObservationValue.Of(
                blocks.Where(u => u.Percent >= HostResources.FullPercent).Select(u => $"{u.Mount} {u.Percent}%")
                    .Concat(inodes.Where(u => u.Percent >= HostResources.FullPercent).Select(u => $"{u.Mount} {u.Percent}% inodes")));
        }

        var kernelLog = index.Ok("oom-dmesg") ?? index.Ok("oom-journal");
        if (kernelLog is not null)
        {
            var kills = HostResources.OomKills(kernelLog);
            if (index.Ok("oom-journal") is { } journal)
            {
                kills = Math.Max(kills, HostResources.OomKills(journal));
            }

            o["host.oom.kills"] = ObservationValue.Of(kills);
        }

        if (index.Ok("tcp-keepalive")?.Pairs() is { } sysctl)
        {
            foreach (var (name, key) in new[] { ("tcp_keepalive_time", "host.tcp_keepalive.time"), ("tcp_keepalive_intvl", "host.tcp_keepalive.intvl"), ("tcp_keepalive_probes", "host.tcp_keepalive.probes") })
            {
                if (HostResources.TryNumber(sysctl.GetValueOrDefault(name)?.Trim(), out var value))
                {
                    o[key] = ObservationValue.Of(value);
                }
            }
        }
    }
}
