namespace SshBot.Incidents.Tests.Contract;

public abstract partial class IncidentStoreContract
{
    [Fact]
    public async Task AFirstRequestOpensAnIncidentWithARunningDiagnosisBeforeAnyProbe()
    {
        var store = await OpenStoreAsync();

        var opened = await store.OpenRequestAsync(Request("slack:Ev1"), Ct);

        Assert.False(opened.Joined);
        Assert.False(opened.Duplicate);
        var detail = await store.GetIncidentAsync(opened.IncidentId, Ct);
        Assert.NotNull(detail);
        Assert.Equal("web-01", detail.Incident.Host);
        Assert.Equal(22, detail.Incident.Port);
        Assert.Equal(IncidentStatuses.Open, detail.Incident.Status);
        var request = Assert.Single(detail.Requests);
        Assert.Equal(("slack:Ev1", "alice", "slack", "C123", "1700000000.000100", "can't ssh to web-01"),
            (request.IdempotencyKey, request.RequestedBy, request.Platform, request.Channel, request.Thread, request.Text));
        Assert.Equal(Clock.GetUtcNow(), request.ReceivedAt);
        var diagnosis = Assert.Single(detail.Diagnoses);
        Assert.Equal((opened.DiagnosisId, opened.RequestId, DiagnosisStatuses.Running), (diagnosis.Id, diagnosis.RequestId, diagnosis.Status));
    }

    [Fact]
    public async Task ASecondRequestWithinTheWindowJoinsTheOpenIncident()
    {
        var store = await OpenStoreAsync(TimeSpan.FromMinutes(30));
        var first = await store.OpenRequestAsync(Request("k1"), Ct);
        Clock.Advance(TimeSpan.FromMinutes(20));

        var second = await store.OpenRequestAsync(Request("k2", who: "bob"), Ct);

        Assert.True(second.Joined);
        Assert.Equal(first.IncidentId, second.IncidentId);
        Assert.NotEqual(first.DiagnosisId, second.DiagnosisId);
        var detail = await store.GetIncidentAsync(first.IncidentId, Ct);
        Assert.Equal(["alice", "bob"], detail!.Requests.Select(r => r.RequestedBy));
        Assert.Equal(2, detail.Diagnoses.Count);
    }

    [Fact]
    public async Task TheWindowCountsFromTheLastRequestSoAnOngoingOutageStaysOneIncident()
    {
        var store = await OpenStoreAsync(TimeSpan.FromMinutes(30));
        var first = await store.OpenRequestAsync(Request("k1"), Ct);
        Clock.Advance(TimeSpan.FromMinutes(25));
        await store.OpenRequestAsync(Request("k2"), Ct);
        Clock.Advance(TimeSpan.FromMinutes(25));

        var third = await store.OpenRequestAsync(Request("k3"), Ct);

        Assert.Equal(first.IncidentId, third.IncidentId);
    }

    [Fact]
    public async Task ARequestAfterTheWindowOpensANewIncident()
    {
        var store = await OpenStoreAsync(TimeSpan.FromMinutes(30));
        var first = await store.OpenRequestAsync(Request("k1"), Ct);
        Clock.Advance(TimeSpan.FromMinutes(31));

        var second = await store.OpenRequestAsync(Request("k2"), Ct);

        Assert.False(second.Joined);
        Assert.NotEqual(first.IncidentId, second.IncidentId);
    }

    [Fact]
    public async Task ARequestAfterTheIncidentWasResolvedOpensANewOne()
    {
        var store = await OpenStoreAsync();
        var first = await store.OpenRequestAsync(Request("k1"), Ct);
        Assert.True(await store.ResolveAsync(first.IncidentId, "alice", Ct));

        var second = await store.OpenRequestAsync(Request("k2"), Ct);

        Assert.NotEqual(first.IncidentId, second.IncidentId);
    }

    [Fact]
    public async Task AnotherPortOrHostIsAnotherIncidentButHostCaseIsIgnored()
    {
        var store = await OpenStoreAsync();
        var first = await store.OpenRequestAsync(Request("k1", "web-01", 22), Ct);

        var otherPort = await store.OpenRequestAsync(Request("k2", "web-01", 2222), Ct);
        var otherHost = await store.OpenRequestAsync(Request("k3", "web-02", 22), Ct);
        var sameHostUpperCase = await store.OpenRequestAsync(Request("k4", "WEB-01", 22), Ct);

        Assert.NotEqual(first.IncidentId, otherPort.IncidentId);
        Assert.NotEqual(first.IncidentId, otherHost.IncidentId);
        Assert.Equal(first.IncidentId, sameHostUpperCase.IncidentId);
    }

    [Fact]
    public async Task StagesAreAppendedAsTheyFinishSoACrashLeavesARunningDiagnosisWithTheStagesSoFar()
    {
        var store = await OpenStoreAsync();
        var opened = await store.OpenRequestAsync(Request("k1"), Ct);

        await store.AppendStageAsync(opened.DiagnosisId, "resolve", "ok", 4, """[{"id":"dns.resolved"}]""", Ct);
        await store.AppendStageAsync(opened.DiagnosisId, "connect", "failed", 3000, """[{"id":"tcp.timeout"}]""", Ct);

        var diagnosis = Assert.Single((await store.GetIncidentAsync(opened.IncidentId, Ct))!.Diagnoses);
        Assert.Equal(DiagnosisStatuses.Running, diagnosis.Status);
        Assert.Null(diagnosis.CompletedAt);
        Assert.Equal([("resolve", "ok", 4L), ("connect", "failed", 3000L)], diagnosis.Stages.Select(s => (s.Name, s.Status, s.DurationMs)));
        Assert.Equal("""[{"id":"tcp.timeout"}]""", diagnosis.Stages[1].ObservationsJson);
    }

    [Fact]
    public async Task CompletingADiagnosisRecordsItsVerdictFindingsAndObservationsOnTheIncident()
    {
        var store = await OpenStoreAsync();
        var opened = await store.OpenRequestAsync(Request("k1"), Ct);
        Clock.Advance(TimeSpan.FromSeconds(4));

        await store.CompleteDiagnosisAsync(opened.DiagnosisId, "firewall-drops", """[{"verdict":"firewall-drops"}]""", """[{"id":"tcp.timeout"}]""", Ct);

        var detail = (await store.GetIncidentAsync(opened.IncidentId, Ct))!;
        var diagnosis = Assert.Single(detail.Diagnoses);
        Assert.Equal(DiagnosisStatuses.Completed, diagnosis.Status);
        Assert.Equal(Clock.GetUtcNow(), diagnosis.CompletedAt);
        Assert.Equal("firewall-drops", diagnosis.VerdictId);
        Assert.Equal("""[{"verdict":"firewall-drops"}]""", diagnosis.FindingsJson);
        Assert.Equal("""[{"id":"tcp.timeout"}]""", diagnosis.ObservationsJson);
        Assert.Equal("firewall-drops", detail.Incident.VerdictId);
    }

    [Fact]
    public async Task ALaterDiagnosisWithoutAVerdictKeepsTheIncidentsVerdict()
    {
        var store = await OpenStoreAsync();
        var first = await DiagnoseAsync(store, "k1", "web-01", "firewall-drops");

        await DiagnoseAsync(store, "k2", "web-01", null);

        Assert.Equal("firewall-drops", (await store.GetIncidentAsync(first.IncidentId, Ct))!.Incident.VerdictId);
    }

    [Fact]
    public async Task RepliesAreKeptWithTheirMessageIdSoARestartedBotCanUpdateThem()
    {
        var store = await OpenStoreAsync();
        var opened = await store.OpenRequestAsync(Request("k1"), Ct);
        var reply = new ReplySent(opened.IncidentId, opened.DiagnosisId, "slack", "C123", "1700000000.000100", "1700000001.000200");

        await store.RecordReplyAsync(reply, Ct);
        await store.RecordReplyAsync(reply, Ct);

        var kept = Assert.Single((await store.GetIncidentAsync(opened.IncidentId, Ct))!.Replies);
        Assert.Equal((opened.DiagnosisId, "slack", "C123", "1700000000.000100", "1700000001.000200"),
            (kept.DiagnosisId!.Value, kept.Platform, kept.Channel, kept.Thread, kept.MessageId));
    }

    [Fact]
    public async Task WritesAboutUnknownIdsAreRefusedAndUnknownIncidentsReadAsNull()
    {
        var store = await OpenStoreAsync();

        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.AppendStageAsync(999, "resolve", "ok", 1, "[]", Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.CompleteDiagnosisAsync(999, null, "[]", "[]", Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.RecordFeedbackAsync(new FeedbackGiven(999, FeedbackKinds.Fixed, "bob"), Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.ResolveAsync(999, "bob", Ct));
        Assert.Null(await store.GetIncidentAsync(999, Ct));
    }

    [Fact]
    public async Task ReopeningTheStoreKeepsItsHistoryAndMigratesNothingTwice()
    {
        var store = await OpenStoreAsync();
        var opened = await DiagnoseAsync(store, "k1", "web-01", "firewall-drops");

        var reopened = await OpenStoreAsync();

        Assert.Equal("firewall-drops", (await reopened.GetIncidentAsync(opened.IncidentId, Ct))!.Incident.VerdictId);
    }

    [Fact]
    public async Task AStoreWithASchemaNewerThanTheCodeIsRefusedWithAClearMessage()
    {
        await OpenStoreAsync();
        await SetSchemaVersionAsync(999);

        var refused = await Assert.ThrowsAsync<IncidentStoreException>(() => OpenStoreAsync());

        Assert.Contains("schema version 999 is newer than this SshBot understands", refused.Message, StringComparison.Ordinal);
    }
}
