namespace SshBot.Incidents.Tests.Contract;

public abstract partial class IncidentStoreContract
{
    [Fact]
    public async Task TheSameEventDeliveredFiveTimesYieldsOneIncidentAndOneDiagnosis()
    {
        var store = await OpenStoreAsync();

        var deliveries = new List<OpenedRequest>();
        for (var i = 0; i < 5; i++)
        {
            deliveries.Add(await store.OpenRequestAsync(Request("slack:Ev42"), Ct));
        }

        Assert.False(deliveries[0].Duplicate);
        Assert.All(deliveries.Skip(1), d => Assert.True(d.Duplicate));
        Assert.Single(deliveries.Select(d => (d.IncidentId, d.RequestId, d.DiagnosisId)).Distinct());
        var detail = (await store.GetIncidentAsync(deliveries[0].IncidentId, Ct))!;
        Assert.Single(detail.Requests);
        Assert.Single(detail.Diagnoses);
        Assert.Single(await store.ListIncidentsAsync(new IncidentQuery(), Ct));
    }

    [Fact]
    public async Task TheSameEventDeliveredFiveTimesConcurrentlyYieldsOneIncidentAndOneDiagnosis()
    {
        var stores = new List<IIncidentStore>();
        for (var i = 0; i < 5; i++)
        {
            stores.Add(await OpenStoreAsync());
        }

        var deliveries = await Task.WhenAll(stores.Select(s => Task.Run(() => s.OpenRequestAsync(Request("teams:act-7"), Ct), Ct)));

        Assert.Single(deliveries, d => !d.Duplicate);
        Assert.Single(deliveries.Select(d => (d.IncidentId, d.RequestId, d.DiagnosisId)).Distinct());
        var detail = (await stores[0].GetIncidentAsync(deliveries[0].IncidentId, Ct))!;
        Assert.Single(detail.Requests);
        Assert.Single(detail.Diagnoses);
        Assert.Single(await stores[0].ListIncidentsAsync(new IncidentQuery(), Ct));
    }

    [Fact]
    public async Task ConcurrentRequestsForOneTargetFromSeveralWritersJoinOneIncident()
    {
        var stores = new List<IIncidentStore>();
        for (var i = 0; i < 4; i++)
        {
            stores.Add(await OpenStoreAsync());
        }

        var opened = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => Task.Run(() => stores[i % stores.Count].OpenRequestAsync(Request($"k{i}"), Ct), Ct)));

        Assert.Single(opened.Select(o => o.IncidentId).Distinct());
        Assert.Equal(20, (await stores[0].GetIncidentAsync(opened[0].IncidentId, Ct))!.Diagnoses.Count);
    }

    [Fact]
    public async Task ParallelWritersNeverSeeABusyErrorAndLoseNoRow()
    {
        const int writers = 6;
        const int perWriter = 15;
        var stores = new List<IIncidentStore>();
        for (var i = 0; i < writers; i++)
        {
            stores.Add(await OpenStoreAsync(TimeSpan.Zero));
        }

        await Task.WhenAll(stores.Select((store, w) => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                var opened = await store.OpenRequestAsync(Request($"w{w}-{i}", $"host-{w}-{i}"), Ct);
                await store.AppendStageAsync(opened.DiagnosisId, "resolve", "ok", 1, "[]", Ct);
                await store.CompleteDiagnosisAsync(opened.DiagnosisId, "sshd-down", "[]", "[]", Ct);
                await store.RecordFeedbackAsync(new FeedbackGiven(opened.IncidentId, FeedbackKinds.Fixed, "bob"), Ct);
            }
        }, Ct)));

        var all = await stores[0].ListIncidentsAsync(new IncidentQuery(Limit: 10_000), Ct);
        Assert.Equal(writers * perWriter, all.Count);
        Assert.All(all, i => Assert.Equal(IncidentStatuses.Resolved, i.Status));
        Assert.Equal(writers * perWriter, Assert.Single(await stores[0].CountByCauseAsync(DateTimeOffset.MinValue, Ct)).Count);
    }
}
