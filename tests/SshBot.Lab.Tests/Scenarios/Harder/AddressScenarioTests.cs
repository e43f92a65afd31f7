using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios.Harder;

/// <summary>
/// Where the host is and how it is reached: over IPv6 (a ULA inside the lab), behind two
/// routers (one host healthy, one behind a router that rejects SSH), and by a name whose first
/// address is dead and whose second is healthy.
/// </summary>
[Collection(LabHosts.Name)]
public sealed class AddressScenarioTests(LabFixture lab)
{
    [Fact]
    public async Task AHostReachedOverIPv6IsHealthyWithItsPathChecked()
    {
        var run = await Sshbot.RunAsync("diagnose", $"[{lab["v6host"]}]", "--json", "--no-record");

        Assert.Equal("ipv6", run.Observation("target.kind"));
        Assert.Equal("received", run.Observation("ssh.kex.status"));
        Assert.Equal("0", run.Observation("path.loss_pct"));
        Assert.Equal("ok", run.Observation("path.mtu.status"));
        Assert.Equal("1500", run.Observation("path.mtu"));
        Assert.Equal("healthy", run.Verdict);
    }

    [Fact]
    public async Task AHostBehindTwoRoutersIsHealthy()
    {
        var run = await Sshbot.RunAsync("diagnose", lab["far"], "--json", "--no-record");

        Assert.Equal("received", run.Observation("ssh.kex.status"));
        Assert.Equal("0", run.Observation("path.loss_pct"));
        Assert.Equal("healthy", run.Verdict);
    }

    [Fact]
    public async Task ARouterThatRejectsSshOnTheWayIsAFirewallReject()
    {
        var run = await Sshbot.RunAsync("diagnose", lab["far2"], "--json", "--no-record");

        Assert.Equal("unreachable", run.Observation("tcp.status"));
        Assert.Equal("firewall-reject", run.Verdict);
    }

    [Fact]
    public async Task ANameWhoseFirstAddressIsDeadIsReportedAddressByAddressNotAsAFirewall()
    {
        var run = await Sshbot.RunInNamespaceAsync(lab.Namespace("c2"), "diagnose", "failover.sshbot.test", "--json", "--no-record", "--timeout", "1");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var failed = run.Json.GetProperty("observations").GetProperty("tcp.failed_addresses").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.StartsWith($"{lab["dead"]} timeout", Assert.Single(failed), StringComparison.Ordinal);
        Assert.EndsWith("(0 of 4 more connects answered)", failed[0], StringComparison.Ordinal);
        Assert.Equal(lab["healthy"], run.Observation("tcp.address"));
        Assert.Equal("address-failover", run.Verdict);
        var finding = run.Json.GetProperty("findings")[0];
        Assert.Contains(finding.GetProperty("evidence").EnumerateArray(), e => e.GetString()!.Contains(lab["dead"], StringComparison.Ordinal));
        Assert.DoesNotContain(run.Json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("id").GetString() == "firewall-silent-drop");
    }
}
