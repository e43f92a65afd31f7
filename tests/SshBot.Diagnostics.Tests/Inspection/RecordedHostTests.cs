using System.Net;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.Inspection;

/// <summary>Recorded outputs representing real hosts, for what a lab cannot make.</summary>
public sealed class RecordedHostTests
{
    [Fact]
    public void AnOverloadedHostShowsLoadMemoryAndOomKills()
    {
        var report = InspectionFixtures.Parse("ubuntu-fail2ban-ufw-overloaded.txt");

        Assert.Equal(4.69, report.Number("host.load.per_cpu"));
        Assert.Equal(2.5, report.Number("host.memory.available_pct"));
        Assert.Equal(2, report.Number("host.oom.kills"));
        Assert.Equal(0, report.Number("host.fd.used_pct"));
    }

    [Fact]
    public void Fail2banJailAndItsChainAreBanSets()
    {
        var report = InspectionFixtures.Parse("ubuntu-fail2ban-ufw-overloaded.txt");
        var bans = report.List("host.bans");

        Assert.Contains("203.0.113.45 (fail2ban jail sshd)", bans);
        Assert.Contains("198.51.100.7 (iptables f2b-sshd)", bans);
        Assert.True(report.IsBanned(IPAddress.Parse("192.0.2.200")));
        Assert.False(report.IsBanned(IPAddress.Parse("10.20.0.5")));
        Assert.Equal(IPAddress.Parse("10.20.0.5"), report.BotAddress);
    }

    [Fact]
    public void TheClientInQuestionIsTheUsersAddressWhenGivenElseTheBots()
    {
        var report = InspectionFixtures.Parse("ubuntu-fail2ban-ufw-overloaded.txt");

        var forUser = new ObservationSet();
        report.WriteTo(forUser, IPAddress.Parse("::ffff:198.51.100.7"));
        Assert.True(forUser["host.client_banned"].Flag);

        var forBot = new ObservationSet();
        report.WriteTo(forBot, userAddress: null);
        Assert.False(forBot["host.client_banned"].Flag);
    }

    [Fact]
    public void UfwAndIptablesRulesForThePortAreKeptAndOthersAreNot()
    {
        var rules = InspectionFixtures.Parse("ubuntu-fail2ban-ufw-overloaded.txt").List("host.firewall.rules");

        Assert.Contains("ufw: 22/tcp LIMIT Anywhere", rules);
        Assert.Contains("ufw: 22/tcp (v6) LIMIT Anywhere (v6)", rules);
        Assert.Contains("iptables: -A INPUT -p tcp -m multiport --dports 22 -j f2b-sshd", rules);
        Assert.Contains("ip6tables: -A ufw6-user-input -p tcp -m tcp --dport 22 -j ACCEPT", rules);
        Assert.DoesNotContain(rules, r => r.Contains("80,443", StringComparison.Ordinal));
    }

    [Fact]
    public void AccessListsAndSessionsPerConnectionAreRead()
    {
        var report = InspectionFixtures.Parse("ubuntu-fail2ban-ufw-overloaded.txt");

        Assert.Equal(["allowusers deploy", "allowusers ci", "allowgroups sshusers"], report.List("host.sshd.allowusers"));
        Assert.Equal(3, report.Number("host.sessions.max_per_connection"));
        Assert.Equal("/etc/ssh/sshd_config", report.Get("host.sshd.config_file")?.Text);
        Assert.Contains(report.List("host.sshd.log"), l => l.Contains("Connection reset by 198.51.100.7", StringComparison.Ordinal));
    }

    [Fact]
    public void AFullVarIsReportedForBlocksAndInodes()
    {
        var report = InspectionFixtures.Parse("rhel7-iptables-full-var.txt");

        Assert.Equal(100, report.Number("host.disk.max_used_pct"));
        Assert.Equal(["/var 100%", "/var 100% inodes"], report.List("host.disk.full"));
        Assert.Contains(report.List("host.sshd.log"), l => l.Contains("No space left on device", StringComparison.Ordinal));
        Assert.DoesNotContain(report.List("host.sshd.log"), l => l.StartsWith("-- Logs begin", StringComparison.Ordinal));
    }

    [Fact]
    public void RhelIptablesSaveGivesThePortRulesAndTheDroppedSource()
    {
        var report = InspectionFixtures.Parse("rhel7-iptables-full-var.txt");
        var rules = report.List("host.firewall.rules");

        Assert.Equal(
            ["iptables: -A INPUT -s 10.20.0.0/16 -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT", "ip6tables: -A INPUT -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT"],
            rules);
        Assert.Equal(["203.0.113.9 (iptables INPUT)"], report.List("host.bans"));
        Assert.Equal(["denyusers oracle", "denygroups contractors"], report.List("host.sshd.allowusers"));
        Assert.Equal(600, report.Number("host.sshd.clientaliveinterval"));
        Assert.True(report.Flag("host.sshd.passwordauthentication"));
        // A kernel older than 3.14 has no MemAvailable: free + buffers + cache.
        Assert.Equal(30.2, report.Number("host.memory.available_pct"));
    }

    [Fact]
    public void BusyboxWithoutSsIsReadFromProcNetTcp()
    {
        var report = InspectionFixtures.Parse("busybox-no-ss.txt");

        Assert.True(report.Flag("host.sshd.listening"));
        Assert.False(InspectionFixtures.Parse("busybox-no-ss.txt", port: 2222).Flag("host.sshd.listening"));
        Assert.Equal("/etc/ssh/sshd_config", report.Get("host.sshd.config_file")?.Text);
        Assert.True(report.Flag("host.knock.configured"));
        Assert.Equal(13, report.Number("host.disk.max_used_pct"));
        Assert.Equal(1, report.Number("host.sessions.max_per_connection"));
        Assert.Null(report.Get("host.sshd.log"));
        var unavailable = report.List("host.inspect.unavailable");
        Assert.Contains("disk-inodes: error exit 1", unavailable);
        Assert.Contains("sshd-log-journal: missing journalctl", unavailable);
    }
}
