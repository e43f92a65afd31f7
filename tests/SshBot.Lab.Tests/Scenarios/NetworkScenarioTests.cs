using System.Net.Sockets;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>Each lab fault, diagnosed through the real CLI against real sshd hosts and listeners.</summary>
[Collection(LabHosts.Name)]
public sealed class NetworkScenarioTests(LabFixture lab)
{
    private static Task<Sshbot.Run> Diagnose(string address, string timeout = "3") =>
        Sshbot.RunAsync("diagnose", address, "--json", "--timeout", timeout);

    [Fact]
    public async Task AHealthySshdIsHealthy()
    {
        var run = await Diagnose(lab["healthy"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("received", run.Observation("ssh.banner.status"));
        Assert.Equal("received", run.Observation("ssh.kex.status"));
        Assert.Equal("[]", run.Observation("ssh.kex.mismatch.kex"));
        Assert.Equal("healthy", run.Verdict);
    }

    [Fact]
    public async Task AStoppedSshdIsNotListening()
    {
        var run = await Diagnose(lab["stopped"]);

        Assert.Equal("refused", run.Observation("tcp.status"));
        Assert.Equal("sshd-not-listening", run.Verdict);
    }

    [Fact]
    public async Task ASynDroppedByAFirewallIsASilentDrop()
    {
        var run = await Diagnose(lab["drop"], "1");

        Assert.Equal("timeout", run.Observation("tcp.status"));
        Assert.Equal("firewall-silent-drop", run.Verdict);
    }

    [Fact]
    public async Task AFirewallRejectIsAnImmediateProhibitedAnswer()
    {
        var run = await Diagnose(lab["reject"]);

        Assert.Equal("unreachable", run.Observation("tcp.status"));
        Assert.Equal("HostUnreachable", run.Observation("tcp.error"));
        Assert.Equal("firewall-reject", run.Verdict);
    }

    [Fact]
    public async Task AnAddressNobodyHasIsHostUnreachableAfterArpGivesUp()
    {
        var run = await Diagnose(lab["unreachable"], "5");

        Assert.Equal("unreachable", run.Observation("tcp.status"));
        Assert.True(double.Parse(run.Observation("tcp.ms"), System.Globalization.CultureInfo.InvariantCulture) > 2500, run.Stdout);
        Assert.Equal("host-unreachable", run.Verdict);
    }

    [Fact]
    public async Task ConnectionsPastMaxStartupsAreDroppedWithSshdsOwnMessage()
    {
        // Hold the one unauthenticated slot the lab sshd allows.
        using var holder = new TcpClient();
        await holder.ConnectAsync(lab["maxstartups"], 22, TestContext.Current.CancellationToken);
        var buffer = new byte[64];
        await holder.GetStream().ReadAtLeastAsync(buffer, 4, cancellationToken: TestContext.Current.CancellationToken);

        var run = await Diagnose(lab["maxstartups"]);

        Assert.Equal("closed-before-banner", run.Observation("ssh.banner.status"));
        Assert.Contains("Exceeded MaxStartups", run.Observation("ssh.banner.pre_lines"), StringComparison.Ordinal);
        Assert.Equal("maxstartups-throttling", run.Verdict);
    }

    [Fact]
    public async Task AListenerThatAcceptsThenClosesIsClosedBeforeBanner()
    {
        var run = await Diagnose(lab["closes"]);

        Assert.Contains(run.Observation("ssh.banner.status"), new[] { "closed-before-banner", "reset" });
        Assert.Equal("connection-closed-before-banner", run.Verdict);
    }

    [Fact]
    public async Task AListenerThatNeverSpeaksIsABannerTimeout()
    {
        var run = await Diagnose(lab["silent"], "1");

        Assert.Equal("timeout", run.Observation("ssh.banner.status"));
        Assert.Equal("banner-timeout", run.Verdict);
    }

    [Fact]
    public async Task AWebServerOnTheSshPortIsNotAnSshService()
    {
        var run = await Diagnose(lab["http"]);

        Assert.Equal("not-ssh", run.Observation("ssh.banner.status"));
        Assert.StartsWith("HTTP/1.1 400", run.Observation("ssh.banner.reply"), StringComparison.Ordinal);
        Assert.Equal("not-an-ssh-service", run.Verdict);
    }

    [Fact]
    public async Task AServerWhoseOnlyKexIsObsoleteIsAKexMismatch()
    {
        var run = await Diagnose(lab["oldkex"]);

        Assert.Contains("openssh-current", run.Observation("ssh.kex.mismatch.kex"), StringComparison.Ordinal);
        Assert.Equal("kex-algorithm-mismatch", run.Verdict);
    }

    [Fact]
    public async Task AServerOfferingOnlyAnSshRsaHostKeyIsAHostKeyMismatch()
    {
        var run = await Diagnose(lab["rsaonly"]);

        Assert.Equal("""["ssh-rsa"]""", run.Json.GetProperty("observations").GetProperty("ssh.kex.hostkey").GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
        Assert.Contains("openssh-current", run.Observation("ssh.kex.mismatch.hostkey"), StringComparison.Ordinal);
        Assert.Equal("hostkey-algorithm-mismatch", run.Verdict);
    }

    [Fact]
    public async Task AServerOfferingOnlyCbcCiphersIsACipherMismatch()
    {
        var run = await Diagnose(lab["cbconly"]);

        Assert.Contains("openssh-current", run.Observation("ssh.kex.mismatch.cipher"), StringComparison.Ordinal);
        Assert.DoesNotContain("openssh-7.4", run.Observation("ssh.kex.mismatch.cipher"), StringComparison.Ordinal);
        Assert.Equal("cipher-or-mac-mismatch", run.Verdict);
    }

    [Fact]
    public async Task ANameTheLabDnsDoesNotKnowIsADnsResolutionFailure()
    {
        var run = await Sshbot.RunInNamespaceAsync(lab.Namespace("client"), "diagnose", "nosuch.sshbot.test", "--json", "--timeout", "3");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("nxdomain", run.Observation("dns.status"));
        Assert.Equal("dns-resolution-failure", run.Verdict);
    }

    [Fact]
    public async Task ANameTheLabDnsKnowsIsResolvedAndProbedAtItsAddress()
    {
        var run = await Sshbot.RunInNamespaceAsync(lab.Namespace("client"), "diagnose", "web-01.sshbot.test", "--json", "--timeout", "3");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("resolved", run.Observation("dns.status"));
        Assert.Equal(lab["healthy"], run.Observation("tcp.address"));
        Assert.Equal("healthy", run.Verdict);
    }
}
