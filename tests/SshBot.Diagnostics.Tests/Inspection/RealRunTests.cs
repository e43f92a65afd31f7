namespace SshBot.Diagnostics.Tests.Inspection;

/// <summary>The script's real output on this machine, inside a lab host's network namespace, as root and as nobody.</summary>
public sealed class RealRunTests
{
    [Fact]
    public void AsRootTheSshdOwningThePortIsReadWithItsOwnConfigFile()
    {
        var report = InspectionFixtures.Parse("lab-healthy-root.txt");

        Assert.Equal("/tmp/sshbot-lab-sble/healthy/sshd_config", report.Get("host.sshd.config_file")?.Text);
        Assert.True(report.Flag("host.sshd.running"));
        Assert.True(report.Flag("host.sshd.listening"));
        Assert.True(report.Flag("host.sshd.config_valid"));
        Assert.Equal(0, report.Number("host.sshd.clientaliveinterval"));
        Assert.Equal(3, report.Number("host.sshd.clientalivecountmax"));
        Assert.Equal(10, report.Number("host.sshd.maxsessions"));
        Assert.Equal("10:30:100", report.Get("host.sshd.maxstartups")?.Text);
        Assert.True(report.Flag("host.sshd.pubkeyauthentication"));
        Assert.False(report.Flag("host.sshd.passwordauthentication"));
        Assert.True(report.Flag("host.sshd.tcpkeepalive"));
        Assert.Empty(report.List("host.sshd.allowusers"));
        Assert.Contains("Server listening on 198.18.5.10 port 22.", report.List("host.sshd.log"));
        Assert.Empty(report.List("host.firewall.rules"));
        Assert.Empty(report.List("host.bans"));
        Assert.Equal(7200, report.Number("host.tcp_keepalive.time"));
        Assert.Equal(0, report.Number("host.oom.kills"));
        Assert.False(report.Flag("host.knock.configured"));
        Assert.InRange(report.Number("host.memory.available_pct"), 1, 100);
        Assert.InRange(report.Number("host.disk.max_used_pct"), 1, 100);
        Assert.Contains("firewall-iptables: missing iptables-save", report.List("host.inspect.unavailable"));
    }

    [Fact]
    public void AsNobodyWhatNeedsRootIsNotPermittedAndStaysUnknown()
    {
        var report = InspectionFixtures.Parse("lab-healthy-nobody.txt");
        var unavailable = report.List("host.inspect.unavailable");

        Assert.Contains(unavailable, u => u.StartsWith("sshd-T ", StringComparison.Ordinal) && u.Contains(": not-permitted", StringComparison.Ordinal));
        Assert.Contains(unavailable, u => u.StartsWith("sshd-t ", StringComparison.Ordinal) && u.Contains(": not-permitted", StringComparison.Ordinal));
        Assert.Contains("firewall-nft: not-permitted exit 1", unavailable);
        Assert.Contains("oom-dmesg: not-permitted exit 1", unavailable);

        // Unknown, not guessed: no config verdict, no ban verdict, no OOM count.
        Assert.Null(report.Get("host.sshd.config_valid"));
        Assert.Null(report.Get("host.sshd.clientaliveinterval"));
        Assert.Null(report.Get("host.bans"));
        Assert.Null(report.Get("host.oom.kills"));

        // What an unprivileged user can read is still read.
        Assert.True(report.Flag("host.sshd.listening"));
        Assert.Equal(7200, report.Number("host.tcp_keepalive.time"));
    }
}
