using SshBot.Incidents.Threads;

namespace SshBot.Incidents.Tests.Contract;

public abstract partial class IncidentStoreContract
{
    [Fact]
    public async Task AThreadTheBotRepliedInLeadsToItsIncidentAndAnyOtherThreadToNone()
    {
        var store = await OpenStoreAsync();
        var threads = (IIncidentThreads)store;
        var opened = await DiagnoseAsync(store, "k1", "web-01", "sshd-not-listening");
        await store.RecordReplyAsync(new ReplySent(opened.IncidentId, opened.DiagnosisId, "slack", "C123", "1700000000.000100", "1800000000.000001"), Ct);
        var rooted = await DiagnoseAsync(store, "k2", "db-01", null);
        await store.RecordReplyAsync(new ReplySent(rooted.IncidentId, rooted.DiagnosisId, "slack", "C123", null, "1800000000.000002"), Ct);

        Assert.Equal(opened.IncidentId, await threads.FindIncidentByThreadAsync("slack", "C123", "1700000000.000100", Ct));
        Assert.Equal(rooted.IncidentId, await threads.FindIncidentByThreadAsync("slack", "C123", "1800000000.000002", Ct));
        Assert.Null(await threads.FindIncidentByThreadAsync("slack", "C123", "1700000000.999999", Ct));
        Assert.Null(await threads.FindIncidentByThreadAsync("slack", "C999", "1700000000.000100", Ct));
        Assert.Null(await threads.FindIncidentByThreadAsync("teams", "C123", "1700000000.000100", Ct));
    }

    [Fact]
    public async Task AVerdictCardTakesOneAnswerUntilTheHostIsDiagnosedAgain()
    {
        var store = await OpenStoreAsync();
        var threads = (IIncidentThreads)store;
        var opened = await DiagnoseAsync(store, "k1", "web-01", "sshd-not-listening");
        Clock.Advance(TimeSpan.FromMinutes(1));

        var first = await threads.RecordAnswerAsync(new FeedbackGiven(opened.IncidentId, FeedbackKinds.NotIt, "bob"), Ct);
        var answeredAt = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await threads.RecordAnswerAsync(new FeedbackGiven(opened.IncidentId, FeedbackKinds.Fixed, "carol"), Ct);

        Assert.Equal(new CardAnswerRecord(FeedbackKinds.NotIt, "bob", answeredAt, Recorded: true), first);
        Assert.Equal(new CardAnswerRecord(FeedbackKinds.NotIt, "bob", answeredAt, Recorded: false), second);
        var detail = (await store.GetIncidentAsync(opened.IncidentId, Ct))!;
        Assert.Single(detail.Feedback);
        Assert.Equal(IncidentStatuses.Open, detail.Incident.Status);

        var again = await store.OpenRequestAsync(Request("k2"), Ct);
        Assert.Equal(opened.IncidentId, again.IncidentId);
        var third = await threads.RecordAnswerAsync(new FeedbackGiven(opened.IncidentId, FeedbackKinds.Fixed, "carol"), Ct);
        Assert.True(third.Recorded);
        Assert.Equal(IncidentStatuses.Resolved, (await store.GetIncidentAsync(opened.IncidentId, Ct))!.Incident.Status);
    }

    [Fact]
    public async Task TwoAnswersAtOnceRecordOne()
    {
        var store = await OpenStoreAsync();
        var threads = (IIncidentThreads)store;
        var opened = await DiagnoseAsync(store, "k1", "web-01", "sshd-not-listening");
        Clock.Advance(TimeSpan.FromMinutes(1));

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            threads.RecordAnswerAsync(new FeedbackGiven(opened.IncidentId, i % 2 == 0 ? FeedbackKinds.Fixed : FeedbackKinds.NotIt, $"user{i}"), Ct)));

        Assert.Single(answers, a => a.Recorded);
        Assert.Single((await store.GetIncidentAsync(opened.IncidentId, Ct))!.Feedback);
    }

    [Fact]
    public async Task AHomeTabListsIncidentsOnTheHostsThatPersonAskedAboutOnly()
    {
        var store = await OpenStoreAsync();
        var threads = (IIncidentThreads)store;
        await store.OpenRequestAsync(Request("k1", "web-01", who: "slack:T1:U_ALICE"), Ct);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await store.OpenRequestAsync(Request("k2", "web-01", port: 2222, who: "slack:T1:U_BOB"), Ct);
        await store.OpenRequestAsync(Request("k3", "db-01", who: "slack:T1:U_ALICE2"), Ct);
        await store.OpenRequestAsync(Request("k4", "web-01", port: 2200, who: "slack:T2:U_EVE"), Ct);

        var all = await threads.ListForRequesterAsync("slack:T1:U_ALICE", null, 10, Ct);
        var scoped = await threads.ListForRequesterAsync("slack:T1:U_ALICE", "slack:T1:", 10, Ct);

        Assert.Equal([2200, 2222, 22], all.Select(i => i.Port));
        Assert.Equal([2222, 22], scoped.Select(i => i.Port));
        Assert.Single(await threads.ListForRequesterAsync("slack:T1:U_ALICE", "slack:T1:", 1, Ct));
    }
}
