using NSubstitute;
using SshBot.Diagnostics.Targets;
using SshBot.Diagnostics.Tests.Fakes;

namespace SshBot.Diagnostics.Tests.Targets;

public sealed class TargetPatternsTests
{
    [Fact]
    public void ACidrExpandsToItsHostAddresses()
    {
        var targets = TargetPatterns.Expand("198.18.0.0/29");

        Assert.Equal(["198.18.0.1", "198.18.0.2", "198.18.0.3", "198.18.0.4", "198.18.0.5", "198.18.0.6"], targets.Select(t => t.Host));
    }

    [Fact]
    public void UserAndPortApplyToEveryExpandedTarget()
    {
        var targets = TargetPatterns.Expand("deploy@198.18.0.4/31:2222");

        Assert.All(targets, t =>
        {
            Assert.Equal("deploy", t.User);
            Assert.Equal(2222, t.Port);
        });
        Assert.Equal(2, targets.Count);
    }

    [Fact]
    public void ARangeKeepsItsZeroPadding()
    {
        var targets = TargetPatterns.Expand("web-[08-11].corp");

        Assert.Equal(["web-08.corp", "web-09.corp", "web-10.corp", "web-11.corp"], targets.Select(t => t.Host));
    }

    [Fact]
    public void SeveralRangesMultiply()
    {
        Assert.Equal(6, TargetPatterns.Expand("rack[1-2]-node[1-3]").Count);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "expands to 16777214 targets; the limit is 4096")]
    [InlineData("web-[1-100000]", "expands to 100000 targets")]
    [InlineData("n[1-100]-m[1-100]", "expands to 10000 targets")]
    [InlineData("[2001:db8::]/64", "expands to 18446744073709551616 targets")]
    public void APatternPastTheCapIsRefusedBeforeExpanding(string pattern, string expected)
    {
        var e = Assert.Throws<TargetFormatException>(() => TargetPatterns.Expand(pattern));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCapAppliesToTheTotalOfSeveralPatterns()
    {
        Assert.Throws<TargetFormatException>(() => TargetPatterns.ExpandAll(["198.18.0.0/21", "198.18.8.0/21", "198.18.16.0/24"]));
    }

    [Theory]
    [InlineData("web-[5-1]", "runs backwards")]
    [InlineData("198.18.0.0/33", "not a valid CIDR")]
    [InlineData("-o[1-2]", "starts with '-'")]
    [InlineData("a;[1-2]", "';' is not allowed")]
    public void MalformedOrHostilePatternsAreRejected(string pattern, string expected)
    {
        var e = Assert.Throws<TargetFormatException>(() => TargetPatterns.Expand(pattern));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyDeniedTargetsInsideAPatternAreRefusedWhileTheRestAreDiagnosed()
    {
        var probe = new Probe().Serves(new ScriptedStream());
        // 169.254.169.252/30 holds .253 and .254; .254 is the metadata address, .253 link-local.
        var targets = TargetPatterns.ExpandAll(["169.254.169.252/30", "198.18.0.10", "198.18.0.11"]);

        var results = new List<SshBot.Diagnostics.Engine.Diagnosis>();
        await foreach (var d in probe.Engine().DiagnoseManyAsync(targets, RequestOrigin.Cli, 8, TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken))
        {
            results.Add(d);
        }

        Assert.Equal(4, results.Count);
        Assert.Equal(2, results.Count(r => r.Refused));
        Assert.Equal(2, results.Count(r => !r.Refused));
        await probe.Connector.Received(2).ConnectAsync(Arg.Any<System.Net.IPEndPoint>(), Arg.Any<CancellationToken>());
        await probe.Connector.DidNotReceive().ConnectAsync(Arg.Is<System.Net.IPEndPoint>(e => e.Address.ToString().StartsWith("169.254.", StringComparison.Ordinal)), Arg.Any<CancellationToken>());
    }
}
