namespace SshBot.Incidents.Tests.Contract;

public abstract partial class IncidentStoreContract
{
    [Fact]
    public async Task AHostsHistoryIsNewestFirstWithItsVerdictsAndWhatFixedThem()
    {
        var store = await OpenStoreAsync(TimeSpan.FromMinutes(30));
        var old = await DiagnoseAsync(store, "k1", "web-01", "firewall-drops");
        await store.RecordFeedbackAsync(new FeedbackGiven(old.IncidentId, FeedbackKinds.Fixed, "bob", FixApplied: "sg rule"), Ct);
        Clock.Advance(TimeSpan.FromDays(1));
        await DiagnoseAsync(store, "k2", "db-01", "host-key-changed");
        Clock.Advance(TimeSpan.FromDays(1));
        var recent = await DiagnoseAsync(store, "k3", "web-01", "sshd-down");

        var history = await store.ListIncidentsAsync(new IncidentQuery(Host: "Web-01"), Ct);

        Assert.Equal([recent.IncidentId, old.IncidentId], history.Select(i => i.Id));
        Assert.Equal(["sshd-down", "firewall-drops"], history.Select(i => i.VerdictId));
        Assert.Null(history[0].Fix);
        Assert.Equal("sg rule", history[1].Fix!.FixApplied);
    }

    [Fact]
    public async Task RecentIncidentsCanBeLimitedByAgeAndCount()
    {
        var store = await OpenStoreAsync(TimeSpan.Zero);
        await store.OpenRequestAsync(Request("k1", "a"), Ct);
        Clock.Advance(TimeSpan.FromDays(10));
        var since = Clock.GetUtcNow();
        var b = await store.OpenRequestAsync(Request("k2", "b"), Ct);
        Clock.Advance(TimeSpan.FromHours(1));
        var c = await store.OpenRequestAsync(Request("k3", "c"), Ct);

        var lastTenDays = await store.ListIncidentsAsync(new IncidentQuery(Since: since), Ct);
        var newest = await store.ListIncidentsAsync(new IncidentQuery(Limit: 1), Ct);

        Assert.Equal([c.IncidentId, b.IncidentId], lastTenDays.Select(i => i.Id));
        Assert.Equal([c.IncidentId], newest.Select(i => i.Id));
    }

    [Fact]
    public async Task CountsByCauseCoverOnlyThePeriodAsked()
    {
        var store = await OpenStoreAsync(TimeSpan.Zero);
        await DiagnoseAsync(store, "k0", "old", "sshd-down");
        Clock.Advance(TimeSpan.FromDays(40));
        var since = Clock.GetUtcNow() - TimeSpan.FromDays(30);
        await DiagnoseAsync(store, "k1", "a", "firewall-drops");
        await DiagnoseAsync(store, "k2", "b", "firewall-drops");
        await DiagnoseAsync(store, "k3", "c", "sshd-down");
        await DiagnoseAsync(store, "k4", "d", null);

        var counts = await store.CountByCauseAsync(since, Ct);

        Assert.Equal([new CauseCount("firewall-drops", 2), new CauseCount("sshd-down", 1)], counts);
    }

    [Fact]
    public async Task NoveltyTellsWhetherTheHostAndTheCauseWereEverSeenBefore()
    {
        var store = await OpenStoreAsync(TimeSpan.Zero);
        var first = await DiagnoseAsync(store, "k1", "web-01", "firewall-drops");

        var firstEver = await store.GetNoveltyAsync("web-01", 22, "firewall-drops", first.IncidentId, Ct);
        Clock.Advance(TimeSpan.FromHours(1));
        var second = await DiagnoseAsync(store, "k2", "web-01", "sshd-down");
        var sameHostNewCause = await store.GetNoveltyAsync("web-01", 22, "sshd-down", second.IncidentId, Ct);
        var newHostKnownCause = await store.GetNoveltyAsync("web-09", 22, "firewall-drops", null, Ct);

        Assert.Equal(new Novelty(HostIsNew: true, CauseIsNew: true), firstEver);
        Assert.Equal(new Novelty(HostIsNew: false, CauseIsNew: true), sameHostNewCause);
        Assert.Equal(new Novelty(HostIsNew: true, CauseIsNew: false), newHostKnownCause);
    }

    [Fact]
    public async Task CausePriorsAreSharesOfFixedFeedbackForAHostAndFleetWide()
    {
        var store = await OpenStoreAsync(TimeSpan.Zero);
        async Task FixedAsync(string key, string host, string verdict)
        {
            var opened = await DiagnoseAsync(store, key, host, verdict);
            await store.RecordFeedbackAsync(new FeedbackGiven(opened.IncidentId, FeedbackKinds.Fixed, "bob"), Ct);
        }

        await FixedAsync("k1", "web-01", "firewall-drops");
        await FixedAsync("k2", "web-01", "firewall-drops");
        await FixedAsync("k3", "web-01", "sshd-down");
        await FixedAsync("k4", "db-01", "host-key-changed");
        var notIt = await DiagnoseAsync(store, "k5", "web-01", "dns-stale");
        await store.RecordFeedbackAsync(new FeedbackGiven(notIt.IncidentId, FeedbackKinds.NotIt, "bob"), Ct);

        var forHost = await store.GetCausePriorsAsync("web-01", Ct);
        var fleet = await store.GetCausePriorsAsync(null, Ct);

        Assert.Equal(2, forHost.Count);
        Assert.Equal(2.0 / 3, forHost["firewall-drops"], 9);
        Assert.Equal(1.0 / 3, forHost["sshd-down"], 9);
        Assert.Equal(0.25, fleet["host-key-changed"], 9);
        Assert.Equal(0.5, fleet["firewall-drops"], 9);
        Assert.Empty(await store.GetCausePriorsAsync("never-seen", Ct));
    }

    [Fact]
    public async Task PruningDeletesOldResolvedIncidentsWithAllTheirRowsAndNeverOpenOnes()
    {
        var store = await OpenStoreAsync(TimeSpan.Zero);
        var oldResolved = await DiagnoseAsync(store, "k1", "a", "firewall-drops");
        await store.RecordReplyAsync(new ReplySent(oldResolved.IncidentId, oldResolved.DiagnosisId, "slack", "C1", null, "m1"), Ct);
        await store.RecordFeedbackAsync(new FeedbackGiven(oldResolved.IncidentId, FeedbackKinds.Fixed, "bob"), Ct);
        var oldOpen = await DiagnoseAsync(store, "k2", "b", "sshd-down");
        Clock.Advance(TimeSpan.FromDays(100));
        var recentResolved = await DiagnoseAsync(store, "k3", "c", "sshd-down");
        await store.ResolveAsync(recentResolved.IncidentId, "bob", Ct);

        var pruned = await store.PruneAsync(TimeSpan.FromDays(90), Ct);

        Assert.Equal(1, pruned);
        Assert.Null(await store.GetIncidentAsync(oldResolved.IncidentId, Ct));
        Assert.NotNull(await store.GetIncidentAsync(oldOpen.IncidentId, Ct));
        Assert.NotNull(await store.GetIncidentAsync(recentResolved.IncidentId, Ct));
        var reused = await store.OpenRequestAsync(Request("k1", "a"), Ct);
        Assert.False(reused.Duplicate);
        Assert.NotEqual(oldResolved.IncidentId, reused.IncidentId);
    }
}
