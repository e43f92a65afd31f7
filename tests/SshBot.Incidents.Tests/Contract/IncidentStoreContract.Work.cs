using SshBot.Incidents.Work;

namespace SshBot.Incidents.Tests.Contract;

public abstract partial class IncidentStoreContract
{
    private static readonly WorkLimits Roomy = new(MaxQueued: 1000, MaxPerRequester: 1000);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private static NewWork Work(string key, string by = "slack:T1:U1") => new(key, "slack", by, "message", $"{{\"key\":\"{key}\"}}");

    private async Task<IWorkInbox> OpenInboxAsync() => (IWorkInbox)await OpenStoreAsync();

    [Fact]
    public async Task AcceptedWorkIsClaimedOnceWithItsPayloadAndARedeliveryIsADuplicate()
    {
        var inbox = await OpenInboxAsync();

        var first = await inbox.EnqueueAsync(Work("slack:Ev1"), Roomy, Ct);
        var again = await inbox.EnqueueAsync(Work("slack:Ev1"), Roomy, Ct);
        var claimed = await inbox.ClaimAsync("worker-a", Lease, Ct);
        var nothingLeft = await inbox.ClaimAsync("worker-b", Lease, Ct);

        Assert.Equal(EnqueueStatus.Accepted, first.Status);
        Assert.Equal(EnqueueStatus.Duplicate, again.Status);
        Assert.Equal(first.Id, again.Id);
        Assert.NotNull(claimed);
        Assert.Equal(("slack:Ev1", "{\"key\":\"slack:Ev1\"}", 1), (claimed.IdempotencyKey, claimed.Payload, claimed.Attempt));
        Assert.Null(nothingLeft);
    }

    [Fact]
    public async Task AFullQueueRefusesNewWorkButStillRecognisesARedelivery()
    {
        var inbox = await OpenInboxAsync();
        var limits = new WorkLimits(MaxQueued: 2, MaxPerRequester: 100);

        var results = new List<EnqueueStatus>();
        foreach (var key in new[] { "a", "b", "c", "a" })
        {
            results.Add((await inbox.EnqueueAsync(Work(key), limits, Ct)).Status);
        }

        Assert.Equal([EnqueueStatus.Accepted, EnqueueStatus.Accepted, EnqueueStatus.Full, EnqueueStatus.Duplicate], results);
        Assert.Equal(new WorkCounts(2, 0), await inbox.CountAsync(Ct));
    }

    [Fact]
    public async Task ARequesterWithTooMuchWaitingIsRefusedWhileOthersAreAccepted()
    {
        var inbox = await OpenInboxAsync();
        var limits = new WorkLimits(MaxQueued: 100, MaxPerRequester: 2);

        await inbox.EnqueueAsync(Work("m1", "slack:T1:U_FLOOD"), limits, Ct);
        await inbox.EnqueueAsync(Work("m2", "slack:T1:U_FLOOD"), limits, Ct);
        var third = await inbox.EnqueueAsync(Work("m3", "slack:T1:U_FLOOD"), limits, Ct);
        var sameIdOtherTeam = await inbox.EnqueueAsync(Work("m4", "slack:T2:U_FLOOD"), limits, Ct);

        Assert.Equal(EnqueueStatus.RequesterFull, third.Status);
        Assert.Equal(EnqueueStatus.Accepted, sameIdOtherTeam.Status);
    }

    [Fact]
    public async Task WorkWhoseLeaseRanOutIsClaimedAgainAndTheOldOwnerCanNoLongerFinishIt()
    {
        var inbox = await OpenInboxAsync();
        await inbox.EnqueueAsync(Work("slack:Ev2"), Roomy, Ct);
        var first = (await inbox.ClaimAsync("dead-replica", Lease, Ct))!;

        Assert.Null(await inbox.ClaimAsync("live-replica", Lease, Ct));
        Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var second = await inbox.ClaimAsync("live-replica", Lease, Ct);
        await inbox.FinishAsync(first.Id, "dead-replica", succeeded: false, "late", Ct);
        var renewedByDead = await inbox.RenewAsync(first.Id, "dead-replica", Lease, Ct);

        Assert.NotNull(second);
        Assert.Equal((first.Id, 2), (second.Id, second.Attempt));
        Assert.False(renewedByDead);
        Assert.Equal(new WorkCounts(0, 1), await inbox.CountAsync(Ct));
    }

    [Fact]
    public async Task ARenewedLeaseKeepsTheWorkFromOtherClaimers()
    {
        var inbox = await OpenInboxAsync();
        await inbox.EnqueueAsync(Work("slack:Ev3"), Roomy, Ct);
        var claimed = (await inbox.ClaimAsync("a", Lease, Ct))!;

        Clock.Advance(Lease - TimeSpan.FromSeconds(5));
        Assert.True(await inbox.RenewAsync(claimed.Id, "a", Lease, Ct));
        Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Null(await inbox.ClaimAsync("b", Lease, Ct));
    }

    [Fact]
    public async Task ReleasedWorkIsClaimableAtOnceAndFinishedWorkNever()
    {
        var inbox = await OpenInboxAsync();
        await inbox.EnqueueAsync(Work("x"), Roomy, Ct);
        await inbox.EnqueueAsync(Work("y"), Roomy, Ct);
        var x = (await inbox.ClaimAsync("stopping", Lease, Ct))!;
        var y = (await inbox.ClaimAsync("stopping", Lease, Ct))!;
        await inbox.FinishAsync(x.Id, "stopping", succeeded: true, null, Ct);

        var released = await inbox.ReleaseAsync("stopping", Ct);
        var reclaimed = await inbox.ClaimAsync("restarted", Lease, Ct);

        Assert.Equal(1, released);
        Assert.Equal(y.Id, reclaimed?.Id);
        Assert.Null(await inbox.ClaimAsync("restarted", Lease, Ct));
    }

    [Fact]
    public async Task AnItemPutBackByAStopIsClaimableAtOnceAndItsStopIsCountedApartFromAttempts()
    {
        var inbox = await OpenInboxAsync();
        await inbox.EnqueueAsync(Work("s"), Roomy, Ct);
        var first = (await inbox.ClaimAsync("stopping", Lease, Ct))!;

        var putBack = await inbox.PutBackAsync(first.Id, "stopping", Ct);
        var notMine = await inbox.PutBackAsync(first.Id, "someone-else", Ct);
        var second = (await inbox.ClaimAsync("restarted", Lease, Ct))!;
        var releasedByACrash = await inbox.ReleaseAsync("restarted", Ct);
        var third = (await inbox.ClaimAsync("again", Lease, Ct))!;

        Assert.True(putBack);
        Assert.False(notMine);
        Assert.Equal((1, 0), (first.Attempt, first.Stops));
        Assert.Equal((2, 1), (second.Attempt, second.Stops));
        Assert.Equal(1, releasedByACrash);
        Assert.Equal((3, 1), (third.Attempt, third.Stops));
    }

    [Fact]
    public async Task WorkStoredBeforeStopsWereCountedKeepsItsPlaceAndAttemptsAfterTheUpgrade()
    {
        var inbox = await OpenInboxAsync();
        await inbox.EnqueueAsync(Work("old-running"), Roomy, Ct);
        await inbox.EnqueueAsync(Work("old-queued"), Roomy, Ct);
        await inbox.ClaimAsync("old-process", Lease, Ct);
        // The process ends, and the store is put back as the release before the count of stops left it.
        await ((IAsyncDisposable)inbox).DisposeAsync();
        await ExecuteSqlAsync("ALTER TABLE work_items DROP COLUMN stops");
        await SetSchemaVersionAsync(4);

        var upgraded = await OpenInboxAsync();
        var released = await upgraded.ReleaseAsync("old-process", Ct);
        var first = (await upgraded.ClaimAsync("new-process", Lease, Ct))!;
        var second = (await upgraded.ClaimAsync("new-process", Lease, Ct))!;

        Assert.Equal(1, released);
        Assert.Equal(("old-running", 2, 0), (first.IdempotencyKey, first.Attempt, first.Stops));
        Assert.Equal(("old-queued", 1, 0), (second.IdempotencyKey, second.Attempt, second.Stops));
    }

    [Fact]
    public async Task ConcurrentClaimersNeverShareAnItem()
    {
        var inboxes = new List<IWorkInbox>();
        for (var i = 0; i < 4; i++)
        {
            inboxes.Add(await OpenInboxAsync());
        }

        for (var i = 0; i < 40; i++)
        {
            await inboxes[0].EnqueueAsync(Work($"k{i}"), Roomy, Ct);
        }

        var claims = await Task.WhenAll(inboxes.Select((inbox, n) => Task.Run(
            async () =>
            {
                var mine = new List<long>();
                while (await inbox.ClaimAsync($"worker-{n}", Lease, Ct) is { } item)
                {
                    mine.Add(item.Id);
                }

                return mine;
            },
            Ct)));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(40, all.Count);
        Assert.Equal(40, all.Distinct().Count());
    }

    [Fact]
    public async Task OnlyFinishedWorkIsPruned()
    {
        var inbox = await OpenInboxAsync();
        await inbox.EnqueueAsync(Work("done"), Roomy, Ct);
        await inbox.EnqueueAsync(Work("running"), Roomy, Ct);
        await inbox.EnqueueAsync(Work("queued"), Roomy, Ct);
        var done = (await inbox.ClaimAsync("w", TimeSpan.FromDays(30), Ct))!;
        await inbox.ClaimAsync("w", TimeSpan.FromDays(30), Ct);
        await inbox.FinishAsync(done.Id, "w", succeeded: true, null, Ct);

        Clock.Advance(TimeSpan.FromDays(8));
        var pruned = await inbox.PruneWorkAsync(TimeSpan.FromDays(7), Ct);

        Assert.Equal(1, pruned);
        Assert.Equal(new WorkCounts(1, 1), await inbox.CountAsync(Ct));
        Assert.Equal(EnqueueStatus.Accepted, (await inbox.EnqueueAsync(Work("done"), Roomy, Ct)).Status);
    }

    [Fact]
    public async Task EventsAreToldWithTheirDiagnosisInTheIncident()
    {
        var store = await OpenStoreAsync();
        var opened = await store.OpenRequestAsync(Request("slack:Ev9"), Ct);

        await store.RecordEventAsync(opened.IncidentId, opened.DiagnosisId, IncidentEventKinds.Interrupted, "interrupted by a restart, running again", Ct);
        await store.RecordEventAsync(opened.IncidentId, null, IncidentEventKinds.DeliveryFailed, "channel_not_found", Ct);
        var detail = (await store.GetIncidentAsync(opened.IncidentId, Ct))!;

        Assert.Equal(
            [(opened.DiagnosisId, "interrupted", "interrupted by a restart, running again"), (null, "delivery-failed", "channel_not_found")],
            detail.Events.Select(e => ((long?)e.DiagnosisId, e.Kind, e.Text)).ToArray());
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.RecordEventAsync(999_999, null, "x", "y", Ct));
    }
}
