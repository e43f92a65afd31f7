using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.Observations;

public sealed class ObservationSetTests
{
    [Fact]
    public void AKeyOutsideTheVocabularyIsRefused()
    {
        var set = new ObservationSet();

        var e = Assert.Throws<KeyNotFoundException>(() => set.Set("tcp.sttus", "refused"));

        Assert.Contains("tcp.sttus", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AValueOfTheWrongKindIsRefused()
    {
        Assert.Throws<ArgumentException>(() => new ObservationSet().Set("tcp.ms", "fast"));
    }

    [Fact]
    public void AnEnumeratedKeyRefusesAValueOutsideItsList()
    {
        var e = Assert.Throws<ArgumentException>(() => new ObservationSet().Set("ssh.banner.status", "closed-befor-banner"));

        Assert.Contains("closed-before-banner", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryKeyIsDocumentedAndBelongsToAKnownGroup()
    {
        string[] groups = ["target", "dns", "tcp", "ssh", "host", "path", "client", "report", "vantage"];

        Assert.All(ObservationVocabulary.All, k =>
        {
            Assert.False(string.IsNullOrWhiteSpace(k.Description));
            Assert.Contains(k.Group, groups);
        });
        Assert.Equal(ObservationVocabulary.All.Count, ObservationVocabulary.All.Select(k => k.Name).Distinct().Count());
    }

    [Fact]
    public void ASnapshotDoesNotChangeWhenTheSetDoes()
    {
        var set = new ObservationSet();
        set.Set("tcp.status", "refused");

        var snapshot = set.Snapshot();
        set.Set("tcp.status", "connected");

        Assert.Equal("refused", snapshot["tcp.status"].Text);
    }
}
