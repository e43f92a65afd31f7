using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SshBot.Diagnostics.Probes.PathCheck;
using SshBot.Diagnostics.Seams;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios.Harder;

/// <summary>
/// Loss, told from a firewall drop and from an MTU black hole: "lossier" drops 30% of every
/// inbound packet (echo requests too), "alternate" every other SYN, "lossy" 30% of SYNs,
/// "drop" all of them.
/// </summary>
[Collection(LabHosts.Name)]
public sealed class LossScenarioTests(LabFixture lab)
{
    private static double Number(Sshbot.Run run, string key) => double.Parse(run.Observation(key), CultureInfo.InvariantCulture);

    private static double StageMs(Sshbot.Run run, string name) =>
        run.Json.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name).GetProperty("ms").GetDouble();

    [Fact]
    public async Task EchoProbesLostAtRandomAreNeverReadAsAnMtuBlackHole()
    {
        // Read without retries, about one search in six ended at "a black hole at 1499" here.
        var address = IPAddress.Parse(lab["lossier"]);
        var results = new List<MtuResult>();
        for (var i = 0; i < 12; i++)
        {
            results.Add(await new MtuSearch(new PathProber()).RunAsync(address, TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken));
        }

        Assert.All(results, r => Assert.True(r.Status != MtuResult.Blackhole, $"{r.Status} {r.Mtu}: {r.Detail}"));
    }

    [Fact]
    public async Task AHostLosingAThirdOfEveryPacketIsPacketLoss()
    {
        var run = await Sshbot.RunAsync("diagnose", lab["lossier"], "--json", "--no-record", "--timeout", "10", "--path-connects", "30");

        Assert.InRange(Number(run, "path.loss_pct"), 3, 80);
        Assert.NotEqual("blackhole", run.Observation("path.mtu.status"));
        Assert.Equal("network-packet-loss", run.Verdict);
    }

    [Fact]
    public async Task WhenTheOneConnectsSynIsLostAFewMoreConnectsShowLossNotADrop()
    {
        // "alternate" drops every other SYN it sees: connect until one gets through, and the
        // next SYN, the diagnosis's own, is the one dropped.
        await UntilAConnectGetsThroughAsync(lab["alternate"]);

        var run = await Sshbot.RunAsync("diagnose", lab["alternate"], "--json", "--no-record", "--timeout", "0.8");

        Assert.Equal("answered", run.Observation("tcp.loss_check"));
        Assert.Contains("timeout", run.Observation("tcp.attempts"), StringComparison.Ordinal);
        Assert.Equal("connected", run.Observation("tcp.status"));
        Assert.Equal("received", run.Observation("ssh.banner.status"));
        Assert.Equal("network-packet-loss", run.Verdict);
    }

    [Fact]
    public async Task ThirtyPercentSynLossIsNeverCalledASilentDrop()
    {
        // One SYN per connect (a 0.8 s timeout): the diagnosis's own is lost about one run in
        // three, and then only the loss check can tell loss from a drop.
        var runs = new List<(string Verdict, bool Checked)>();
        for (var i = 0; i < 10; i++)
        {
            var run = await Sshbot.RunAsync("diagnose", lab["lossy"], "--json", "--no-record", "--timeout", "0.8");
            runs.Add((run.Verdict ?? "(none)", run.Json.GetProperty("observations").TryGetProperty("tcp.loss_check", out _)));
        }

        TestContext.Current.SendDiagnosticMessage(string.Join(", ", runs.Select(r => $"{r.Verdict}{(r.Checked ? " (own SYN lost)" : string.Empty)}")));
        Assert.DoesNotContain(runs, r => r.Verdict == "firewall-silent-drop");
        Assert.All(runs.Where(r => r.Checked), r => Assert.Equal("network-packet-loss", r.Verdict));
    }

    [Fact]
    public async Task AFirewallDropIsStillASilentDropWithinTheConnectTimeoutAndAFifthOfIt()
    {
        var run = await Sshbot.RunAsync("diagnose", lab["drop"], "--json", "--no-record", "--timeout", "1");

        Assert.Equal("timeout", run.Observation("tcp.status"));
        Assert.Equal("silent", run.Observation("tcp.loss_check"));
        Assert.InRange(StageMs(run, "connect"), 1000, 1250 + 300);
        Assert.Equal("firewall-silent-drop", run.Verdict);
    }

    private static async Task UntilAConnectGetsThroughAsync(string host)
    {
        for (var i = 0; i < 4; i++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            attempt.CancelAfter(TimeSpan.FromMilliseconds(300));
            try
            {
                await socket.ConnectAsync(IPAddress.Parse(host), 22, attempt.Token);
                socket.LingerState = new LingerOption(true, 0);
                return;
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                // This SYN was the one dropped; the next gets through.
            }
        }

        Assert.Fail($"no connect to {host} got through in 4 tries");
    }
}
