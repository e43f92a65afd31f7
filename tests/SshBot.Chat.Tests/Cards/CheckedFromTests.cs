using SshBot.Chat.Cards;
using SshBot.Diagnostics.Observations;

namespace SshBot.Chat.Tests.Cards;

public sealed class CheckedFromTests
{
    private static Dictionary<string, ObservationValue> Seen(params (string Key, ObservationValue Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void AnAgentsDiagnosisSaysWhichZoneAndAgentRanIt()
    {
        var line = CheckedFrom.Describe(Seen(("vantage.status", ObservationValue.Of("agent")), ("vantage.zone", ObservationValue.Of("office")), ("vantage.agent", ObservationValue.Of("office-b"))), "office VPN");

        Assert.Equal("Checked from zone office (agent office-b).", line);
    }

    [Fact]
    public void APlaceAskedForWithoutZonesIsNotLeftToBeAssumed()
    {
        var line = CheckedFrom.Describe(Seen(("tcp.status", ObservationValue.Of("connected"))), "office VPN");

        Assert.Equal("Checked from where the bot runs: it has no zones, so it cannot run from \"office VPN\".", line);
    }

    [Fact]
    public void AComparisonNamesItsZonesAndAPlainLocalRunSaysNothing()
    {
        Assert.Equal("Compared from zones dc1, office.", CheckedFrom.Describe(Seen(("vantage.status", ObservationValue.Of("compared")), ("vantage.zones", ObservationValue.Of(["dc1", "office"]))), null));
        Assert.Null(CheckedFrom.Describe(Seen(("tcp.status", ObservationValue.Of("connected"))), null));
    }
}
