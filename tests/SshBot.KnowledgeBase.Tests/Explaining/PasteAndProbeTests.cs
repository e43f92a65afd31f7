using SshBot.KnowledgeBase.Explaining;
using SshBot.KnowledgeBase.Matching;
using SshBot.KnowledgeBase.Tests.Support;

namespace SshBot.KnowledgeBase.Tests.Explaining;

/// <summary>A pasted log next to the bot's own probe of the same host: the verdict uses both, and says which is which.</summary>
public sealed class PasteAndProbeTests
{
    private const string StopsAtKeyExchangeReply = """
        $ ssh -v deploy@web-01
        debug1: Connecting to web-01 [10.0.4.7] port 22.
        debug1: Connection established.
        debug1: Local version string SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5
        debug1: Remote protocol version 2.0, remote software version OpenSSH_9.2p1 Debian-2+deb12u3
        debug1: SSH2_MSG_KEXINIT sent
        debug1: SSH2_MSG_KEXINIT received
        debug1: kex: algorithm: sntrup761x25519-sha512@openssh.com
        debug1: expecting SSH2_MSG_KEX_ECDH_REPLY
        """;

    private static Obs BotConnects() => new Obs().Text("dns.status", "literal").Text("tcp.status", "connected")
        .Text("ssh.banner.status", "received").Text("ssh.kex.status", "received").List("ssh.kex.mismatch.kex")
        .List("ssh.kex.mismatch.hostkey").List("ssh.kex.mismatch.cipher").List("ssh.kex.mismatch.mac");

    [Fact]
    public void TheBotHealthyWhileTheUsersLogStopsAtTheKeyExchangeReplyPointsAtThePathMtu()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, StopsAtKeyExchangeReply, BotConnects().Build());

        Assert.Equal("path-mtu-blackhole", explanation.Verdict?.Id);
        Assert.DoesNotContain(explanation.Findings, f => f.Id == "healthy");
        Assert.Contains("debug1: expecting SSH2_MSG_KEX_ECDH_REPLY", explanation.Verdict!.Quotes);
    }

    [Fact]
    public void TheSameLogAloneIsStillReadAsTheHangItIs()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, StopsAtKeyExchangeReply);

        Assert.Equal("stalled", explanation.Log.Observations.GetText("client.error"));
        Assert.Equal("expecting-kex-ecdh-reply", explanation.Log.Observations.GetText("client.last_step"));
        Assert.Equal("path-mtu-blackhole", explanation.Verdict?.Id);
    }

    [Theory]
    [InlineData("client.error == connection-refused (observed: connection-refused)", EvidenceSource.Paste, "from your paste")]
    [InlineData("tcp.status == connected (observed: connected)", EvidenceSource.Probe, "from the bot's probe")]
    [InlineData("report.idle_drop == true (observed: true)", EvidenceSource.Report, "from what you said")]
    public void EachEvidenceLineKnowsWhetherThePasteOrTheProbeSawIt(string evidence, string source, string label)
    {
        Assert.Equal(source, EvidenceSource.Of(evidence));
        Assert.Equal($"{evidence} [{label}]", EvidenceSource.Marked(evidence));
    }

    [Fact]
    public void AResetAtTheBannerIsAnsweredWithItsCausesEachWithTheCheckThatDecidesIt()
    {
        const string reset = """
            debug1: Connecting to app-03 [10.2.0.14] port 22.
            debug1: Connection established.
            kex_exchange_identification: read: Connection reset by peer
            Connection reset by 10.2.0.14 port 22
            """;

        var explanation = ClientLogExplainer.Explain(RealKb.Instance, reset);

        var ids = explanation.Findings.Select(f => f.Id).ToList();
        var symptom = ids.IndexOf("connection-closed-before-banner");
        var causes = RealKb.Instance.Articles["connection-closed-before-banner"].Causes;
        Assert.True(symptom > 0, "the symptom is listed, behind its causes");
        Assert.All(explanation.Findings.Take(symptom), f => Assert.Contains(f.Id, causes));
        Assert.All(explanation.Findings.Take(symptom).Where(f => !f.FullyMet), f => Assert.NotEmpty(f.Missing));
    }
}
