using System.Globalization;
using System.Text.Json;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>
/// The path stage against real paths: a healthy host, an sshd behind random SYN loss, and two
/// hosts behind routers whose second link has an MTU of 1280, one router dropping the ICMP
/// fragmentation-needed it sends (a black hole) and one sending it (the control).
/// </summary>
[Collection(LabHosts.Name)]
public sealed class PathScenarioTests(LabFixture lab)
{
    private static Task<Sshbot.Run> Diagnose(string address, params string[] extra) =>
        Sshbot.RunAsync(["diagnose", address, "--json", "--no-record", .. extra]);

    private static double Number(Sshbot.Run run, string key) =>
        double.Parse(run.Observation(key), CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Stages(Sshbot.Run run) =>
        run.Json.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("status").GetString()!);

    [Fact]
    public async Task AHealthyPathHasNoLossAndCarriesFullSizePackets()
    {
        var run = await Diagnose(lab["healthy"]);

        Assert.Equal("ok", run.Observation("path.status"));
        Assert.Equal(0, Number(run, "path.loss_pct"));
        Assert.InRange(Number(run, "path.rtt_ms"), 0, 5);
        Assert.InRange(Number(run, "path.jitter_ms"), 0, 100);
        Assert.Equal("ok", run.Observation("path.mtu.status"));
        Assert.Equal(1500, Number(run, "path.mtu"));
        Assert.Equal("healthy", run.Verdict);
    }

    [Fact]
    public async Task RandomSynLossOnThePathIsNetworkPacketLoss()
    {
        // 30% of SYNs are dropped. The long timeout lets the diagnosis's own connect retry its
        // SYN five times (0.3^6 that all are lost); 30 path connects make "no loss seen" 0.7^30.
        var run = await Diagnose(lab["lossy"], "--timeout", "40", "--path-connects", "30");

        Assert.Equal("connected", run.Observation("tcp.status"));
        Assert.Equal("received", run.Observation("ssh.banner.status"));
        Assert.InRange(Number(run, "path.loss_pct"), 3, 75);
        Assert.Equal("ok", run.Observation("path.mtu.status"));
        Assert.Equal("network-packet-loss", run.Verdict);
        var finding = run.Json.GetProperty("findings")[0];
        Assert.Contains(finding.GetProperty("evidence").EnumerateArray(), e => e.GetString()!.StartsWith("path.loss_pct > 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LargePacketsVanishingBehindARouterThatDropsFragmentationNeededIsAnMtuBlackHole()
    {
        var run = await Diagnose(lab["blackhole"]);

        // SSH itself works (MSS keeps the handshake small): only the path check sees the hole.
        Assert.Equal("received", run.Observation("ssh.kex.status"));
        Assert.Equal(0, Number(run, "path.loss_pct"));
        Assert.Equal("blackhole", run.Observation("path.mtu.status"));
        Assert.Equal(1280, Number(run, "path.mtu"));
        Assert.Contains("vanish with no ICMP answer", run.Observation("path.mtu.detail"), StringComparison.Ordinal);
        Assert.Equal("path-mtu-blackhole", run.Verdict);
    }

    [Fact]
    public async Task TheSameSmallLinkBehindARouterThatSaysFragmentationNeededIsOkAtItsMtu()
    {
        var run = await Diagnose(lab["pmtu"]);

        Assert.Equal("ok", run.Observation("path.mtu.status"));
        Assert.Equal(1280, Number(run, "path.mtu"));
        // The MTU the router's answer carries, as the kernel recorded it.
        Assert.Contains("naming MTU 1280", run.Observation("path.mtu.detail"), StringComparison.Ordinal);
        Assert.Equal("healthy", run.Verdict);
    }

    [Fact]
    public async Task ARefusedConnectLeavesThePathUnprobed()
    {
        var run = await Diagnose(lab["stopped"]);

        Assert.Equal("skipped", Stages(run)["path"]);
        Assert.DoesNotContain(run.Json.GetProperty("observations").EnumerateObject(), p => p.Name.StartsWith("path.", StringComparison.Ordinal));
        Assert.Equal("sshd-not-listening", run.Verdict);
    }

    [Fact]
    public async Task AServerThatSaidWhySshFailsGetsNoMoreConnectionsThanTheDiagnosissOwn()
    {
        // oldkex offers only SHA-1 key exchange: current OpenSSH cannot connect, and the path
        // carried that answer. sshd logs every connection it accepts (LogLevel VERBOSE).
        var before = Connections("oldkex");

        var run = await Diagnose(lab["oldkex"]);
        await Task.Delay(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken); // sshd's log line for the last close

        Assert.Equal("kex-algorithm-mismatch", run.Verdict);
        Assert.Equal("skipped", run.Observation("path.status"));
        var stage = run.Json.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "path");
        Assert.Contains("no key-exchange algorithm with current OpenSSH", stage.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, Connections("oldkex") - before);
    }

    private int Connections(string host) =>
        File.ReadLines(Path.Combine(lab.StateDirectory, host, "sshd.log")).Count(l => l.StartsWith("Connection from ", StringComparison.Ordinal));

    [Fact]
    public async Task ABatchSkipsThePathChecksAndSaysWhy()
    {
        var run = await Sshbot.RunAsync("diagnose", lab["healthy"], lab["blackhole"], "--json");

        var reports = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(r => r.TryGetProperty("target", out _)).ToArray();
        Assert.Equal(2, reports.Length);
        Assert.All(reports, r =>
        {
            Assert.Equal("skipped", r.GetProperty("observations").GetProperty("path.status").GetString());
            var stage = r.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "path");
            Assert.Contains("single targets only", stage.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.False(r.GetProperty("observations").TryGetProperty("path.loss_pct", out _));
        });
    }
}
