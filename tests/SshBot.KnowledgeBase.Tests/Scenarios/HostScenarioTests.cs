using SshBot.KnowledgeBase.Tests.Support;

namespace SshBot.KnowledgeBase.Tests.Scenarios;

/// <summary>Scenarios decided by on-host inspection, the bot's login, the path, or the user's own log.</summary>
public sealed class HostScenarioTests
{
    private static Obs Healthy() => new Obs().Text("dns.status", "literal").Text("tcp.status", "connected").Number("tcp.ms", 1)
        .Text("ssh.banner.status", "received").Text("ssh.banner.product", "OpenSSH").Number("ssh.banner.version", 9.2)
        .Text("ssh.kex.status", "received").List("ssh.kex.mismatch.kex").List("ssh.kex.mismatch.hostkey")
        .List("ssh.kex.mismatch.cipher").List("ssh.kex.mismatch.mac");

    private static Obs Inspected(Obs observations) => observations.Text("host.inspect.status", "ok")
        .Flag("host.sshd.running", true).Flag("host.sshd.listening", true).Flag("host.sshd.config_valid", true)
        .Number("host.sshd.clientaliveinterval", 60).Number("host.sshd.clientalivecountmax", 3)
        .Number("host.load.per_cpu", 0.2).Number("host.memory.available_pct", 60).Number("host.fd.used_pct", 1)
        .Number("host.disk.max_used_pct", 40).List("host.disk.full").Number("host.oom.kills", 0)
        .Number("host.tcp_keepalive.time", 600).Flag("host.client_banned", false).Flag("host.knock.configured", false);

    private static string Verdict(Obs observations) => RealKb.Instance.Match(observations.Build()).Verdict?.Id ?? "(none)";

    [Fact]
    public void HealthyInspectedHostIsStillHealthy()
    {
        Assert.Equal("healthy", Verdict(Inspected(Healthy())));
    }

    [Fact]
    public void BotLoginDeniedIsAboutTheBotsAccessNotTheUsersKey()
    {
        var result = RealKb.Instance.Match(Healthy().Text("ssh.auth.status", "denied").List("ssh.auth.methods", "publickey").Build());

        Assert.Equal("bot-login-denied", result.Verdict?.Id);
        Assert.DoesNotContain(result.Findings, f => f.Article.Id == "auth-publickey-denied");
    }

    [Fact]
    public void AHostKeyTheBotDoesNotKnowIsBotHostkeyUnknown()
    {
        var observations = Healthy().Text("ssh.auth.status", "hostkey-unknown").Text("ssh.auth.hostkey.status", "unknown")
            .Text("ssh.auth.hostkey.fingerprint", "SHA256:uif3HXaEx691R1shO553pMTKLaglsgasaqIBmdF8urI");

        Assert.Equal("bot-hostkey-unknown", Verdict(observations));
    }

    [Theory]
    [InlineData("seen-before")]
    [InlineData("never-seen")]
    public void AChangedHostKeySaysInItsEvidenceWhetherTheKeyWasSeenBefore(string history)
    {
        var observations = Healthy().Text("ssh.auth.status", "hostkey-changed").Text("ssh.auth.hostkey.status", "changed").Text("ssh.auth.hostkey.history", history);

        var result = RealKb.Instance.Match(observations.Build());

        Assert.Equal("host-key-changed", result.Verdict?.Id);
        Assert.Contains(result.Findings[0].Evidence, e => e.Contains("ssh.auth.hostkey.history", StringComparison.Ordinal) && e.Contains(history, StringComparison.Ordinal));
    }

    [Fact]
    public void UsersPermissionDeniedIsReportedAsPublickeyDenied()
    {
        Assert.Equal("auth-publickey-denied", Verdict(Healthy().Text("client.error", "permission-denied").List("client.auth.methods_offered", "publickey")));
    }

    [Fact]
    public void DeniedWhenTheServerOffersNoPublickeyIsAuthMethodUnavailable()
    {
        var observations = Healthy().Text("ssh.auth.status", "denied").List("ssh.auth.methods", "password", "keyboard-interactive");

        Assert.Equal("auth-method-unavailable", Verdict(observations));
    }

    [Fact]
    public void ChangedHostKeyIsReportedAsHostKeyChanged()
    {
        var observations = Healthy().Text("ssh.auth.status", "hostkey-changed").Text("ssh.auth.hostkey.status", "changed");

        Assert.Equal("host-key-changed", Verdict(observations));
    }

    [Fact]
    public void IdleDropWithClientAliveOffIsKeepaliveNotConfigured()
    {
        var observations = Inspected(Healthy()).Number("host.sshd.clientaliveinterval", 0).Number("host.tcp_keepalive.time", 7200)
            .Flag("report.idle_drop", true);

        Assert.Equal("keepalive-not-configured", Verdict(observations));
    }

    [Fact]
    public void IdleDropWithKeepalivesOnIsNatIdleTimeout()
    {
        Assert.Equal("nat-idle-timeout", Verdict(Inspected(Healthy()).Flag("client.idle_drop", true)));
    }

    [Fact]
    public void IdleDropWithTheDefaultKernelKeepaliveIsTcpKeepaliveSysctl()
    {
        var observations = Inspected(Healthy()).Number("host.tcp_keepalive.time", 7200).Flag("report.idle_drop", true);

        Assert.Equal("tcp-keepalive-sysctl", Verdict(observations));
    }

    [Fact]
    public void MtuBlackholeIsReportedAsPathMtuBlackhole()
    {
        Assert.Equal("path-mtu-blackhole", Verdict(Healthy().Text("path.status", "ok").Text("path.mtu.status", "blackhole").Number("path.mtu", 1400)));
    }

    [Fact]
    public void LossOnThePathIsReportedAsNetworkPacketLoss()
    {
        Assert.Equal("network-packet-loss", Verdict(Healthy().Text("path.status", "ok").Number("path.loss_pct", 12).Number("path.jitter_ms", 30)));
    }

    [Fact]
    public void OverloadedHostOutranksTheBannerTimeoutItCauses()
    {
        var observations = Inspected(new Obs().Text("dns.status", "literal").Text("tcp.status", "connected").Text("ssh.banner.status", "timeout"))
            .Number("host.load.per_cpu", 14).Number("host.oom.kills", 3);

        Assert.Equal("server-resource-exhaustion", Verdict(observations));
    }

    [Fact]
    public void SessionOpenRefusedIsReportedAsMaxSessionsLimit()
    {
        Assert.Equal("maxsessions-limit", Verdict(Healthy().Text("client.error", "session-open-failed")));
    }

    [Fact]
    public void InvalidConfigOutranksTheRefusedConnectionItCauses()
    {
        var observations = Inspected(new Obs().Text("dns.status", "literal").Text("tcp.status", "refused"))
            .Flag("host.sshd.running", false).Flag("host.sshd.listening", false).Flag("host.sshd.config_valid", false)
            .Text("host.sshd.config_error", "/etc/ssh/sshd_config line 12: Bad configuration option: Protocoll");

        Assert.Equal("sshd-config-invalid", Verdict(observations));
    }

    [Fact]
    public void BannedClientOutranksTheSilentDropTheBanCauses()
    {
        var observations = Inspected(new Obs().Text("dns.status", "literal").Text("tcp.status", "timeout")).Flag("host.client_banned", true)
            .List("host.bans", "198.51.100.7 (fail2ban jail sshd)");

        Assert.Equal("client-ip-banned", Verdict(observations));
    }

    [Fact]
    public void ClosedPortWithKnockDaemonIsPortKnockingExpected()
    {
        var observations = Inspected(new Obs().Text("dns.status", "literal").Text("tcp.status", "timeout")).Flag("host.knock.configured", true);

        Assert.Equal("port-knocking-expected", Verdict(observations));
    }

    [Fact]
    public void FullVarIsReportedAsDiskFull()
    {
        var observations = Inspected(Healthy()).List("host.disk.full", "/var 100%").Number("host.disk.max_used_pct", 100);

        Assert.Equal("disk-full", Verdict(observations));
    }

    [Fact]
    public void ResetDuringKeyExchangeIsReportedAsMiddleboxReset()
    {
        var observations = new Obs().Text("dns.status", "literal").Text("tcp.status", "connected")
            .Text("ssh.banner.status", "received").Text("ssh.kex.status", "reset");

        Assert.Equal("middlebox-reset", Verdict(observations));
    }
}
