using System.Net;
using SshBot.Diagnostics.Probes.PathCheck;
using SshBot.Diagnostics.Tests.Fakes;

namespace SshBot.Diagnostics.Tests.Probes.PathCheck;

public sealed class MtuSearchTests
{
    private static readonly IPAddress Host = IPAddress.Parse("198.18.0.10");

    private static Task<MtuResult> Search(ScriptedPath path, IPAddress? address = null) =>
        new MtuSearch(path).RunAsync(address ?? Host, TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);

    [Fact]
    public async Task AFullSizePathIsOkAt1500WithTwoProbes()
    {
        var path = new ScriptedPath();

        var result = await Search(path);

        Assert.Equal((MtuResult.Ok, 1500), (result.Status, result.Mtu));
        Assert.Equal(2, result.Probes);
    }

    [Fact]
    public async Task LargePacketsThatVanishWhileSmallOnesPassAreABlackHoleAtTheLargestThatPassed()
    {
        var path = new ScriptedPath { Mtu = 1280 };

        var result = await Search(path);

        Assert.Equal((MtuResult.Blackhole, 1280), (result.Status, result.Mtu));
        Assert.Contains("vanish with no ICMP answer", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSearchNarrowsToTheExactSizeBetweenLadderRungsWithinItsRounds()
    {
        var path = new ScriptedPath { Mtu = 1337 };

        var result = await Search(path);

        Assert.Equal((MtuResult.Blackhole, 1337), (result.Status, result.Mtu));
        Assert.True(result.Probes <= 2 + 15 + (2 * MtuSearch.MaxPerRound), $"{result.Probes} probes");
    }

    [Fact]
    public async Task AFragmentationNeededAnswerMeansThePathWorksAtTheMtuItNames()
    {
        var path = new ScriptedPath { Mtu = 1400, SignalsTooBig = true };

        var result = await Search(path);

        Assert.Equal((MtuResult.Ok, 1400), (result.Status, result.Mtu));
        Assert.Contains("fragmentation needed", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATooBigAnswerThatNamesNoMtuIsNarrowedDownByTheSearch()
    {
        var path = new ScriptedPath { Mtu = 1433, SignalsTooBig = true, NamesMtu = false };

        var result = await Search(path);

        Assert.Equal((MtuResult.Ok, 1433), (result.Status, result.Mtu));
    }

    [Fact]
    public async Task AFullSizeProbeLostOnceIsRetriedNotCalledABlackHole()
    {
        var path = new ScriptedPath().LosesOnce(1500);

        var result = await Search(path);

        Assert.Equal((MtuResult.Ok, 1500), (result.Status, result.Mtu));
        Assert.Equal(2, path.Echoed.Count(s => s == 1500));
    }

    [Fact]
    public async Task ALostSmallProbeIsReadAsLossWhenALargerOnePassed()
    {
        var path = new ScriptedPath { Mtu = 1280 }.LosesOnce(576, 1000);

        var result = await Search(path);

        Assert.Equal((MtuResult.Blackhole, 1280), (result.Status, result.Mtu));
    }

    [Fact]
    public async Task NoEchoReplyAtAnySizeIsUnavailableNotABlackHole()
    {
        var path = new ScriptedPath { EchoBlocked = true };

        var result = await Search(path);

        Assert.Equal(MtuResult.Unavailable, result.Status);
        Assert.Null(result.Mtu);
        Assert.Contains("ICMP echo is blocked", result.Detail, StringComparison.Ordinal);
        Assert.Equal(2 + 15, result.Probes);
    }

    [Fact]
    public async Task APlatformThatCannotSendProbesIsUnavailableAndSaysWhy()
    {
        var path = new ScriptedPath { Unavailable = "no raw socket and no ping tool" };

        var result = await Search(path);

        Assert.Equal(MtuResult.Unavailable, result.Status);
        Assert.Equal("no raw socket and no ping tool", result.Detail);
    }

    [Fact]
    public async Task IPv6IsNeverProbedBelowItsMinimumMtu()
    {
        var path = new ScriptedPath { Mtu = 1280 };

        await Search(path, IPAddress.Parse("2001:db8::10"));

        Assert.DoesNotContain(path.Echoed, s => s < 1280);
    }
}
