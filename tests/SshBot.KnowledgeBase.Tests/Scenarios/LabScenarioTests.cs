using SshBot.KnowledgeBase.Tests.Support;

namespace SshBot.KnowledgeBase.Tests.Scenarios;

/// <summary>
/// Each lab scenario's observations, as the engine writes them, against the real kb/: the named
/// article must be the verdict.
/// </summary>
public sealed class LabScenarioTests
{
    private static Obs Literal() => new Obs().Text("target.host", "198.18.0.2").Number("target.port", 22)
        .Text("target.kind", "ipv4").Text("dns.status", "literal").List("dns.addresses", "198.18.0.2");

    private static Obs Connected(double ms = 1) => Literal().Text("tcp.status", "connected").Text("tcp.address", "198.18.0.2").Number("tcp.ms", ms);

    private static Obs Banner(string software = "OpenSSH_9.2p1", double version = 9.2) => Connected()
        .Text("ssh.banner.status", "received").Text("ssh.banner.line", $"SSH-2.0-{software} Debian-2+deb12u3")
        .Text("ssh.banner.protocol", "2.0").Text("ssh.banner.software", software).Text("ssh.banner.product", "OpenSSH")
        .Number("ssh.banner.version", version).List("ssh.banner.pre_lines");

    private static Obs Negotiated(string[]? kex = null, string[]? hostkey = null, string[]? cipher = null, string[]? mac = null,
        string software = "OpenSSH_9.2p1", double version = 9.2) => Banner(software, version)
        .Text("ssh.kex.status", "received")
        .List("ssh.kex.kex", "sntrup761x25519-sha512@openssh.com", "curve25519-sha256")
        .List("ssh.kex.mismatch.kex", kex ?? [])
        .List("ssh.kex.mismatch.hostkey", hostkey ?? [])
        .List("ssh.kex.mismatch.cipher", cipher ?? [])
        .List("ssh.kex.mismatch.mac", mac ?? []);

    private static string Verdict(Obs observations) => RealKb.Instance.Match(observations.Build()).Verdict?.Id ?? "(none)";

    [Fact]
    public void HealthyServerIsReportedAsHealthyAndNothingElseIsMet()
    {
        var result = RealKb.Instance.Match(Negotiated(kex: ["putty-0.7x"]).Build());

        Assert.Equal("healthy", result.Verdict?.Id);
        Assert.Single(result.Findings, f => f.FullyMet);
    }

    [Fact]
    public void HealthyServerWithTheBotsLoginAcceptedIsStillHealthy()
    {
        var observations = Negotiated().Text("ssh.auth.status", "accepted").List("ssh.auth.methods", "publickey");

        Assert.Equal("healthy", Verdict(observations));
    }

    [Theory]
    [InlineData("nxdomain")]
    [InlineData("servfail")]
    [InlineData("no-address")]
    [InlineData("timeout")]
    public void NameThatDoesNotResolveIsReportedAsDnsResolutionFailure(string status)
    {
        var observations = new Obs().Text("target.host", "web-01.example.internal").Text("target.kind", "name").Text("dns.status", status);

        Assert.Equal("dns-resolution-failure", Verdict(observations));
    }

    [Fact]
    public void RefusedConnectionIsReportedAsSshdNotListening()
    {
        var observations = Literal().Text("tcp.status", "refused").Text("tcp.error", "ConnectionRefused").Number("tcp.ms", 0);

        Assert.Equal("sshd-not-listening", Verdict(observations));
    }

    [Fact]
    public void RefusedConnectionSuggestsLoggingInToTellAFirewallRstApart()
    {
        var observations = Literal().Text("tcp.status", "refused").Text("tcp.error", "ConnectionRefused").Number("tcp.ms", 0);

        var possible = Assert.Single(RealKb.Instance.Match(observations.Build()).Findings, f => f.Id == "firewall-reject");

        Assert.False(possible.FullyMet);
        Assert.Contains(possible.Missing, m => m.StartsWith("host.sshd.listening not observed: log in to the host", StringComparison.Ordinal));
    }

    [Fact]
    public void SilentDropIsReportedAsFirewallSilentDrop()
    {
        var observations = Literal().Text("tcp.status", "timeout").Text("tcp.error", "TimedOut").Number("tcp.ms", 3000);

        Assert.Equal("firewall-silent-drop", Verdict(observations));
    }

    [Fact]
    public void SilentDropIsNotMistakenForPacketLossWhenThePathStageLostEverything()
    {
        var observations = Literal().Text("tcp.status", "timeout").Text("tcp.error", "TimedOut").Number("tcp.ms", 3000)
            .Text("path.status", "ok").Number("path.loss_pct", 100);

        Assert.Equal("firewall-silent-drop", Verdict(observations));
    }

    [Fact]
    public void PartialLossOutranksTheTimeoutItCaused()
    {
        var observations = Literal().Text("tcp.status", "timeout").Text("tcp.error", "TimedOut").Number("tcp.ms", 3000)
            .Text("path.status", "ok").Number("path.loss_pct", 30);

        Assert.Equal("network-packet-loss", Verdict(observations));
    }

    [Fact]
    public void ImmediateHostUnreachableIsReportedAsFirewallReject()
    {
        var observations = Literal().Text("tcp.status", "unreachable").Text("tcp.error", "HostUnreachable").Number("tcp.ms", 1);

        Assert.Equal("firewall-reject", Verdict(observations));
    }

    [Fact]
    public void RefusedWhileSshdListensIsReportedAsFirewallReject()
    {
        var observations = Literal().Text("tcp.status", "refused").Text("tcp.error", "ConnectionRefused").Number("tcp.ms", 0)
            .Text("host.inspect.status", "ok").Flag("host.sshd.running", true).Flag("host.sshd.listening", true);

        Assert.Equal("firewall-reject", Verdict(observations));
    }

    [Theory]
    [InlineData("HostUnreachable", 3050)]
    [InlineData("NetworkUnreachable", 0)]
    [InlineData("HostDown", 5)]
    public void UnreachableAfterArpOrWithoutRouteIsReportedAsHostUnreachable(string error, double ms)
    {
        var observations = Literal().Text("tcp.status", "unreachable").Text("tcp.error", error).Number("tcp.ms", ms);

        Assert.Equal("host-unreachable", Verdict(observations));
    }

    [Fact]
    public void ExceededMaxStartupsLineIsReportedAsMaxStartupsThrottling()
    {
        var observations = Connected().Text("ssh.banner.status", "closed-before-banner").List("ssh.banner.pre_lines", "Exceeded MaxStartups");

        var findings = RealKb.Instance.Match(observations.Build()).Findings.Select(f => f.Id).ToList();

        Assert.Equal("maxstartups-throttling", findings[0]);
        Assert.True(findings.IndexOf("maxstartups-throttling") < findings.IndexOf("connection-closed-before-banner"));
    }

    [Fact]
    public void MaxStartupsInTheSshdLogIsReportedAsMaxStartupsThrottling()
    {
        var observations = Connected().Text("ssh.banner.status", "closed-before-banner").List("ssh.banner.pre_lines")
            .List("host.sshd.log", "sshd[812]: drop connection #10 from [198.18.0.1]:40000 on [198.18.0.2]:22 past MaxStartups");

        Assert.Equal("maxstartups-throttling", Verdict(observations));
    }

    [Theory]
    [InlineData("closed-before-banner")]
    [InlineData("reset")]
    public void CloseBeforeBannerWithoutMaxStartupsIsConnectionClosedBeforeBanner(string status)
    {
        var observations = Connected().Text("ssh.banner.status", status).List("ssh.banner.pre_lines");

        Assert.Equal("connection-closed-before-banner", Verdict(observations));
    }

    [Fact]
    public void SilentServerIsReportedAsBannerTimeout()
    {
        Assert.Equal("banner-timeout", Verdict(Connected().Text("ssh.banner.status", "timeout").Number("ssh.banner.ms", 5000)));
    }

    [Fact]
    public void HttpOnTheSshPortIsReportedAsNotAnSshService()
    {
        var observations = Connected().Text("ssh.banner.status", "not-ssh").Text("ssh.banner.reply", "HTTP/1.1 400 Bad Request");

        Assert.Equal("not-an-ssh-service", Verdict(observations));
    }

    [Fact]
    public void NoCommonKexIsReportedAsKexAlgorithmMismatch()
    {
        Assert.Equal("kex-algorithm-mismatch", Verdict(Negotiated(kex: ["openssh-current", "windows-openssh"])));
    }

    [Fact]
    public void RsaOnlyHostKeyIsReportedAsHostkeyAlgorithmMismatch()
    {
        Assert.Equal("hostkey-algorithm-mismatch", Verdict(Negotiated(hostkey: ["openssh-current", "windows-openssh"])));
    }

    [Fact]
    public void NoCommonCipherIsReportedAsCipherOrMacMismatch()
    {
        Assert.Equal("cipher-or-mac-mismatch", Verdict(Negotiated(cipher: ["openssh-current"])));
    }

    [Fact]
    public void NoCommonMacIsReportedAsCipherOrMacMismatch()
    {
        Assert.Equal("cipher-or-mac-mismatch", Verdict(Negotiated(mac: ["openssh-current"])));
    }

    [Fact]
    public void OldOpenSshServerIsReportedAsSshVersionOutdated()
    {
        Assert.Equal("ssh-version-outdated", Verdict(Negotiated(software: "OpenSSH_7.2p2", version: 7.2)));
    }

    [Fact]
    public void OldClientInAPastedLogIsReportedAsSshVersionOutdated()
    {
        Assert.Equal("ssh-version-outdated", Verdict(Negotiated().Text("client.version", "OpenSSH_6.6.1p1")));
    }
}
