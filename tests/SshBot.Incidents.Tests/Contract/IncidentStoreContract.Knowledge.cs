using SshBot.Incidents.Knowledge;

namespace SshBot.Incidents.Tests.Contract;

/// <summary>The knowledge-base revisions edited from chat, on every provider.</summary>
public abstract partial class IncidentStoreContract
{
    private static KnowledgeEdit Edit(string id, string verb = KnowledgeVerbs.Replace, string? text = "text", string who = "slack:T1:U_ADMIN") =>
        new(id, verb, text, who);

    [Fact]
    public async Task AnEmptyStoreHasRevisionZeroAndNoRevisions()
    {
        var revisions = (IKnowledgeRevisions)await OpenStoreAsync();

        Assert.Equal(0, await revisions.LatestRevisionAsync(Ct));
        Assert.Empty(await revisions.ListRevisionsAsync(null, Ct));
    }

    [Fact]
    public async Task RevisionsAreKeptWithWhoWhenTheVerbAndTheTextAndListedInOrder()
    {
        var revisions = (IKnowledgeRevisions)await OpenStoreAsync();
        var at = Clock.GetUtcNow();

        var first = await revisions.AppendRevisionAsync(Edit("a", KnowledgeVerbs.Add, "A1", "slack:T1:U_ONE"), 0, Ct);
        var second = await revisions.AppendRevisionAsync(Edit("b", KnowledgeVerbs.Add, "B1"), first!.Value, Ct);
        var third = await revisions.AppendRevisionAsync(Edit("a", KnowledgeVerbs.Retire, null, "teams:T2:U_TWO"), second!.Value, Ct);

        var all = await revisions.ListRevisionsAsync(null, Ct);
        Assert.Equal([first, second, third], all.Select(r => (long?)r.Revision));
        Assert.True(first < second && second < third);
        Assert.Equal(new KnowledgeRevision(first.Value, "a", "add", "A1", "slack:T1:U_ONE", at), all[0]);
        Assert.Equal(new KnowledgeRevision(third!.Value, "a", "retire", null, "teams:T2:U_TWO", at), all[2]);
        Assert.Equal(["add", "retire"], (await revisions.ListRevisionsAsync("a", Ct)).Select(r => r.Verb));
        Assert.Equal(third.Value, await revisions.LatestRevisionAsync(Ct));
    }

    [Fact]
    public async Task AnEditLintedAgainstAnOlderRevisionIsNotStored()
    {
        var revisions = (IKnowledgeRevisions)await OpenStoreAsync();
        var first = await revisions.AppendRevisionAsync(Edit("a"), 0, Ct);

        var stale = await revisions.AppendRevisionAsync(Edit("a", text: "based on nothing"), 0, Ct);

        Assert.Null(stale);
        Assert.Equal(first, Assert.Single(await revisions.ListRevisionsAsync(null, Ct)).Revision);
    }

    [Fact]
    public async Task EditsRacingFromSeveralWritersAreEachStoredOnceOrToldToRetryAndNoneIsLost()
    {
        var stores = new List<IKnowledgeRevisions>();
        for (var i = 0; i < 4; i++)
        {
            stores.Add((IKnowledgeRevisions)await OpenStoreAsync());
        }

        // Each writer retries as the editor does: read the newest, append on top of it.
        var stored = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            var store = stores[i % stores.Count];
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var basedOn = await store.LatestRevisionAsync(Ct);
                if (await store.AppendRevisionAsync(Edit("same-id", text: $"edit {i}"), basedOn, Ct) is { } revision)
                {
                    return (Edit: i, Revision: revision, BasedOn: basedOn);
                }
            }

            throw new InvalidOperationException($"edit {i} was never stored");
        }, Ct)));

        var history = await stores[0].ListRevisionsAsync("same-id", Ct);
        Assert.Equal(12, history.Count);
        var inOrder = stored.OrderBy(s => s.Revision).ToArray();
        Assert.Equal(inOrder.Select(s => $"edit {s.Edit}"), history.Select(h => h.Text));
        Assert.Equal(history.Select(h => h.Revision).Order(), history.Select(h => h.Revision));
        // Every stored edit was checked against the one just before it: none was stored on a state it had not seen.
        Assert.Equal(inOrder.Select(s => s.BasedOn), inOrder.Select((s, k) => k == 0 ? 0 : inOrder[k - 1].Revision));
    }

    [Fact]
    public async Task TheKnowledgeBaseVersionOfADiagnosisIsKeptWithIt()
    {
        var store = await OpenStoreAsync();
        var opened = await DiagnoseAsync(store, "k1", "web-01", "healthy");

        await ((IKnowledgeRevisions)store).RecordKnowledgeBaseVersionAsync(opened.DiagnosisId, "r3-0123456789ab", Ct);

        var diagnosis = Assert.Single((await store.GetIncidentAsync(opened.IncidentId, Ct))!.Diagnoses);
        Assert.Equal("r3-0123456789ab", diagnosis.KnowledgeBaseVersion);
    }

    [Fact]
    public async Task AnUnknownVerbIsRefusedAndNothingIsStored()
    {
        var revisions = (IKnowledgeRevisions)await OpenStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => revisions.AppendRevisionAsync(Edit("a", "delete"), 0, Ct));

        Assert.Equal(0, await revisions.LatestRevisionAsync(Ct));
    }
}
