using SshBot.KnowledgeBase.Tests.Support;

namespace SshBot.KnowledgeBase.Tests.Scenarios;

/// <summary>What the user's pasted log decides, alone or next to the bot's own view.</summary>
public sealed class PastedLogScenarioTests
{
    private static Obs Healthy() => new Obs().Text("dns.status", "literal").Text("tcp.status", "connected").Number("tcp.ms", 1)
        .Text("ssh.banner.status", "received").Text("ssh.kex.status", "received").List("ssh.kex.mismatch.kex")
        .List("ssh.kex.mismatch.hostkey").List("ssh.kex.mismatch.cipher").List("ssh.kex.mismatch.mac");

    private static string Verdict(Obs observations) => RealKb.Instance.Match(observations.Build()).Verdict?.Id ?? "(none)";

    [Theory]
    [InlineData("connection-timed-out", "connect", "firewall-silent-drop")]
    [InlineData("connection-refused", "connect", "sshd-not-listening")]
    [InlineData("no-route", "connect", "host-unreachable")]
    [InlineData("closed-by-remote", "banner", "connection-closed-before-banner")]
    [InlineData("connection-reset", "banner", "connection-closed-before-banner")]
    [InlineData("connection-reset", "session", "middlebox-reset")]
    [InlineData("name-not-resolved", "resolve", "dns-resolution-failure")]
    public void APastedErrorAloneNamesItsCause(string error, string stage, string expected)
    {
        Assert.Equal(expected, Verdict(new Obs().Text("client.error", error).Text("client.stage", stage)));
    }

    [Fact]
    public void TheBotConnectingWhileTheUserTimesOutPointsAtTheUsersPath()
    {
        Assert.Equal("firewall-silent-drop", Verdict(Healthy().Text("client.error", "connection-timed-out").Text("client.stage", "connect")));
    }

    [Fact]
    public void TheBotConnectingWhileTheUserIsRefusedIsAFirewallRejectNotAStoppedSshd()
    {
        Assert.Equal("firewall-reject", Verdict(Healthy().Text("client.error", "connection-refused").Text("client.stage", "connect")));
    }

    [Fact]
    public void TheBotConnectingToAListenerThatSendsNoBannerDoesNotProveAFirewallRejectsTheUser()
    {
        // A connect alone (a forwarder, an overloaded sshd) is not sshd running: the refusal the
        // user saw is not pinned on a firewall without the banner.
        var observations = new Obs().Text("dns.status", "literal").Text("tcp.status", "connected").Number("tcp.ms", 1)
            .Text("ssh.banner.status", "timeout").Text("client.error", "connection-refused").Text("client.stage", "connect");

        var match = RealKb.Instance.Match(observations.Build());

        Assert.DoesNotContain(match.Findings, f => f.Id == "firewall-reject" && f.FullyMet);
    }

    [Fact]
    public void APastedRefusalMatchedWithoutTheExplainerStillHasACauseNotTheSymptomAsVerdict()
    {
        // The chat's card takes the knowledge base's first finding as it is: the symptom
        // (confidence low) ranks under the cause that the same words fully meet.
        var observations = new Obs().Text("dns.status", "literal").Text("client.error", "connection-refused").Text("client.stage", "connect");

        Assert.Equal("sshd-not-listening", Verdict(observations));
    }

    [Fact]
    public void ABrokenPipeAfterIdleNamesTheMissingKeepaliveWithTheNatTimeoutNext()
    {
        // The client found the dead connection only by writing into it: no keepalive of its own ran.
        var findings = RealKb.Instance.Match(new Obs().Text("client.error", "broken-pipe").Flag("client.idle_drop", true).Build()).Findings;

        Assert.Equal(["keepalive-not-configured", "nat-idle-timeout"], findings.Take(2).Select(f => f.Id));
    }

    [Fact]
    public void AKeepaliveTimeoutNamesTheNatTimeoutNotTheKeepalive()
    {
        // "Timeout, server not responding": the client's keepalives ran and went unanswered.
        Assert.Equal("nat-idle-timeout", Verdict(new Obs().Text("client.error", "keepalive-timeout").Flag("client.idle_drop", true)));
    }

    [Fact]
    public void AResetDuringIdentificationKeepsABanAndMaxStartupsInViewUntilTheHostIsChecked()
    {
        var findings = RealKb.Instance.Match(new Obs().Text("client.error", "connection-reset").Text("client.stage", "banner").Build()).Findings;

        var possible = findings.Where(f => !f.FullyMet).Select(f => f.Id).ToArray();
        Assert.Contains("client-ip-banned", possible);
        Assert.Contains("maxstartups-throttling", possible);
        Assert.Equal("connection-closed-before-banner", findings[0].Id);
    }
}
