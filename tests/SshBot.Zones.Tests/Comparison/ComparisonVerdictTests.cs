using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Targets;
using SshBot.Zones.Comparison;
using SshBot.Zones.Running;
using SshBot.Zones.Tests.Support;

namespace SshBot.Zones.Tests.Comparison;

/// <summary>The shipped knowledge base names what only a comparison of vantage points shows, and the zones' own answers.</summary>
public sealed class ComparisonVerdictTests
{
    private static readonly SshBot.KnowledgeBase.KnowledgeBase Kb =
        SshBot.KnowledgeBase.KnowledgeBaseLoader.Load(Path.Combine(Repository.Root, "kb")).KnowledgeBase
        ?? throw new InvalidOperationException("kb/ does not load");

    private static readonly Target Db07 = TargetParser.Parse("198.18.1.7");

    private static ZoneOutcome Zone(string zone, params (string Key, string Value)[] observed)
    {
        var observations = observed.ToDictionary(o => o.Key, o => ObservationValue.Of(o.Value), StringComparer.Ordinal);
        observations["dns.status"] = ObservationValue.Of("literal");
        return new ZoneOutcome(zone, VantageDiagnoses.Stamp(new Diagnosis(Db07, PolicyDecision.Allow("allowlisted"), ["198.18.1.7"], observations, [], 5), zone, zone + "-a"), zone + "-a");
    }

    private static readonly (string, string)[] Works = [("tcp.status", "connected"), ("ssh.banner.status", "received"), ("ssh.kex.status", "received")];

    [Fact]
    public void ReachableFromOneZoneAndSilentlyDroppedFromAnotherIsAFilterAdmittingOneSource()
    {
        var compared = ZoneComparison.Merge(Db07, [Zone("office", ("tcp.status", "timeout")), Zone("dc1", Works)]);

        Assert.Equal("vantage-asymmetric-filter", Kb.Match(compared.Merged.Observations).Findings[0].Id);
        Assert.Equal(["office"], compared.Merged.Observations["vantage.dropped_from"].Items);
        Assert.Equal(["dc1"], compared.Merged.Observations["vantage.reachable_from"].Items);
    }

    [Theory]
    [InlineData("tcp.status", "refused")]
    [InlineData("ssh.banner.status", "reset")]
    public void WorkingFromOneZoneAndResetFromAnotherIsAMiddleboxOnThatPath(string key, string value)
    {
        var failing = key == "tcp.status" ? Zone("office", (key, value)) : Zone("office", ("tcp.status", "connected"), (key, value));

        var compared = ZoneComparison.Merge(Db07, [Zone("dc1", Works), failing]);

        Assert.Equal("vantage-path-reset", Kb.Match(compared.Merged.Observations).Findings[0].Id);
    }

    [Fact]
    public void ZonesThatAgreeKeepTheirOwnVerdict()
    {
        var compared = ZoneComparison.Merge(Db07, [Zone("dc1", ("tcp.status", "refused")), Zone("office", ("tcp.status", "refused"))]);

        Assert.Equal("sshd-not-listening", Kb.Match(compared.Merged.Observations).Findings[0].Id);
    }

    [Fact]
    public void NoVantagePointAndAnOfflineZoneGetTheirArticlesAndNoNetworkVerdict()
    {
        var none = Kb.Match(VantageDiagnoses.NoVantagePoint(Db07, ["dc1", "office"]).Observations).Findings;
        var offline = Kb.Match(VantageDiagnoses.Offline(Db07, "dc1", new ZoneStatus(false, DateTimeOffset.Parse("2026-12-03T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), 2)).Observations).Findings;

        Assert.Equal("no-vantage-point", Assert.Single(none).Id);
        Assert.Equal("zone-agents-offline", Assert.Single(offline).Id);
        Assert.Contains(offline[0].Evidence, e => e.Contains("2026-12-03T10:00:00Z", StringComparison.Ordinal) || e.Contains("dc1", StringComparison.Ordinal));
    }
}
