namespace SshBot.Incidents.Tests.Contract;

public abstract partial class IncidentStoreContract
{
    [Fact]
    public async Task FixedFeedbackResolvesTheIncidentAndConfirmsItsVerdict()
    {
        var store = await OpenStoreAsync();
        var opened = await DiagnoseAsync(store, "k1", "web-01", "firewall-drops");
        Clock.Advance(TimeSpan.FromMinutes(5));

        await store.RecordFeedbackAsync(new FeedbackGiven(opened.IncidentId, FeedbackKinds.Fixed, "bob", FixApplied: "opened tcp/22 in sg-web", Text: "thanks"), Ct);

        var detail = (await store.GetIncidentAsync(opened.IncidentId, Ct))!;
        Assert.Equal((IncidentStatuses.Resolved, "bob", Clock.GetUtcNow()), (detail.Incident.Status, detail.Incident.ResolvedBy, detail.Incident.ResolvedAt!.Value));
        var feedback = Assert.Single(detail.Feedback);
        Assert.Equal((FeedbackKinds.Fixed, "firewall-drops", "opened tcp/22 in sg-web", "thanks", "bob"),
            (feedback.Kind, feedback.VerdictId, feedback.FixApplied, feedback.Text, feedback.GivenBy));
        Assert.Equal(new FixRecord("firewall-drops", "opened tcp/22 in sg-web", "thanks", "bob", Clock.GetUtcNow()), detail.Incident.Fix);
    }

    [Fact]
    public async Task NotItFeedbackIsKeptButLeavesTheIncidentOpen()
    {
        var store = await OpenStoreAsync();
        var opened = await DiagnoseAsync(store, "k1", "web-01", "firewall-drops");

        await store.RecordFeedbackAsync(new FeedbackGiven(opened.IncidentId, FeedbackKinds.NotIt, "bob", Text: "port is open"), Ct);

        var detail = (await store.GetIncidentAsync(opened.IncidentId, Ct))!;
        Assert.Equal(IncidentStatuses.Open, detail.Incident.Status);
        Assert.Null(detail.Incident.Fix);
        Assert.Equal(FeedbackKinds.NotIt, Assert.Single(detail.Feedback).Kind);
    }

    [Fact]
    public async Task ResolvingRecordsWhoAndWhenAndASecondResolveChangesNothing()
    {
        var store = await OpenStoreAsync();
        var opened = await store.OpenRequestAsync(Request("k1"), Ct);

        Assert.True(await store.ResolveAsync(opened.IncidentId, "carol", Ct));
        var resolvedAt = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await store.ResolveAsync(opened.IncidentId, "dave", Ct));

        var incident = (await store.GetIncidentAsync(opened.IncidentId, Ct))!.Incident;
        Assert.Equal((IncidentStatuses.Resolved, "carol", resolvedAt), (incident.Status, incident.ResolvedBy, incident.ResolvedAt!.Value));
    }

    [Fact]
    public async Task UnknownFeedbackKindsAreRejected()
    {
        var store = await OpenStoreAsync();
        var opened = await store.OpenRequestAsync(Request("k1"), Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => store.RecordFeedbackAsync(new FeedbackGiven(opened.IncidentId, "maybe", "bob"), Ct));
    }

    [Fact]
    public async Task HostKeysAreRememberedPerHostWithFirstAndLastSeen()
    {
        var store = await OpenStoreAsync();
        var first = Clock.GetUtcNow();

        Assert.True(await store.RecordHostKeyAsync("web-01", 22, "ssh-ed25519", "SHA256:abc", Ct));
        Clock.Advance(TimeSpan.FromDays(1));
        Assert.False(await store.RecordHostKeyAsync("WEB-01", 22, "ssh-ed25519", "SHA256:abc", Ct));
        Assert.True(await store.RecordHostKeyAsync("web-01", 22, "ssh-ed25519", "SHA256:new", Ct));
        await store.RecordHostKeyAsync("web-02", 22, "ssh-rsa", "SHA256:other", Ct);

        var keys = await store.GetHostKeysAsync("web-01", 22, Ct);
        Assert.Equal(2, keys.Count);
        Assert.Equal(new HostKeySeen("web-01", 22, "ssh-ed25519", "SHA256:abc", first, Clock.GetUtcNow()), keys[0]);
        Assert.Equal("SHA256:new", keys[1].Sha256Fingerprint);
        Assert.Empty(await store.GetHostKeysAsync("web-01", 2222, Ct));
    }
}
