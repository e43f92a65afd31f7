using SshBot.Incidents.Knowledge;

namespace SshBot.Incidents.Storage;

/// <summary>The knowledge-base revisions (<see cref="IKnowledgeRevisions"/>) on the same database as the incidents.</summary>
internal abstract partial class SqlIncidentStore : IKnowledgeRevisions
{
    /// <summary>Every writer of revisions takes this lock, so revision numbers follow the order edits were accepted in.</summary>
    private const string RevisionLock = "kb-revisions";

    public async Task<long> LatestRevisionAsync(CancellationToken ct = default)
    {
        await using var c = await OpenConnectionAsync(ct);
        return await c.Command(null, KnowledgeSql.LatestRevision).ScalarLongAsync(ct) ?? 0;
    }

    public async Task<IReadOnlyList<KnowledgeRevision>> ListRevisionsAsync(string? articleId = null, CancellationToken ct = default)
    {
        await using var c = await OpenConnectionAsync(ct);
        var command = c.Command(null, articleId is null ? KnowledgeSql.AllRevisions : KnowledgeSql.RevisionsOfArticle);
        if (articleId is not null)
        {
            command.With("@article", articleId);
        }

        return await command.ListAsync(
            r => new KnowledgeRevision(r.Long(0)!.Value, r.GetString(1), r.GetString(2), r.Text(3), r.GetString(4), r.Time(5)), ct);
    }

    public async Task<long?> AppendRevisionAsync(KnowledgeEdit edit, long basedOn, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentException.ThrowIfNullOrWhiteSpace(edit.ArticleId);
        ArgumentException.ThrowIfNullOrWhiteSpace(edit.Author);
        if (!KnowledgeVerbs.IsKnown(edit.Verb))
        {
            throw new ArgumentException($"Unknown knowledge-base verb '{edit.Verb}'.", nameof(edit));
        }

        var outcome = await WriteAsync(RevisionLock, async (c, t) =>
        {
            var latest = await c.Command(t, KnowledgeSql.LatestRevision).ScalarLongAsync(ct) ?? 0;
            if (latest != basedOn)
            {
                return new AppendOutcome(null);
            }

            var revision = await c.Command(t, KnowledgeSql.InsertRevision)
                .With("@article", edit.ArticleId).With("@verb", edit.Verb).With("@text", edit.Text)
                .With("@author", edit.Author).With("@now", Time.GetUtcNow())
                .ScalarLongAsync(ct);
            return new AppendOutcome(revision);
        }, ct);
        return outcome.Revision;
    }

    public Task RecordKnowledgeBaseVersionAsync(long diagnosisId, string version, CancellationToken ct = default) =>
        WriteAsync(null, async (c, t) =>
        {
            var changed = await c.Command(t, KnowledgeSql.SetDiagnosisVersion).With("@version", version).With("@id", diagnosisId).ExecuteAsync(ct);
            return changed > 0 ? true : throw new KeyNotFoundException($"No diagnosis has id {diagnosisId}.");
        }, ct);

    /// <summary>A non-null result for <c>WriteAsync</c>, whose null means "run again".</summary>
    private sealed record AppendOutcome(long? Revision);
}
