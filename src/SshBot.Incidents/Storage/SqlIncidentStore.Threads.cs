using SshBot.Incidents.Threads;

namespace SshBot.Incidents.Storage;

/// <summary>The bot's threads and card answers (<see cref="IIncidentThreads"/>) on the same database as the incidents.</summary>
internal abstract partial class SqlIncidentStore : IIncidentThreads
{
    public async Task<long?> FindIncidentByThreadAsync(string platform, string channel, string thread, CancellationToken ct = default)
    {
        await using var c = await OpenConnectionAsync(ct);
        return await c.Command(null, ThreadSql.IncidentOfThread)
            .With("@platform", platform).With("@channel", channel).With("@thread", thread)
            .ScalarLongAsync(ct);
    }

    public Task<CardAnswerRecord> RecordAnswerAsync(FeedbackGiven feedback, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        if (feedback.Kind is not (FeedbackKinds.Fixed or FeedbackKinds.NotIt))
        {
            throw new ArgumentException($"A card is answered with fixed or not-it, not '{feedback.Kind}'.", nameof(feedback));
        }

        // The lock makes check-then-insert one step on PostgreSQL too (SQLite serialises writers anyway).
        return WriteAsync($"answer:{feedback.IncidentId}", async (c, t) =>
        {
            await RequireAsync(c, t, IncidentSql.IncidentExists, feedback.IncidentId, "incident", ct);
            var earlier = await c.Command(t, ThreadSql.AnswerSinceLatestDiagnosis).With("@incident", feedback.IncidentId)
                .ListAsync(r => new CardAnswerRecord(r.GetString(0), r.GetString(1), r.Time(2), Recorded: false), ct);
            if (earlier.Count > 0)
            {
                return earlier[0];
            }

            var now = Time.GetUtcNow();
            await InsertFeedbackAsync(c, t, feedback, now, ct);
            return new CardAnswerRecord(feedback.Kind, feedback.GivenBy, now, Recorded: true);
        }, ct);
    }

    public async Task<IReadOnlyList<IncidentSummary>> ListForRequesterAsync(string requestedBy, string? requesterPrefix, int limit, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestedBy);
        var sql = IncidentSql.SummarySelect + "\n" + ThreadSql.ForRequester + (requesterPrefix is null ? "" : ThreadSql.ScopedToRequesters) + ThreadSql.Newest;
        await using var c = await OpenConnectionAsync(ct);
        var command = c.Command(null, sql).With("@by", requestedBy).With("@limit", (long)Math.Max(1, limit));
        if (requesterPrefix is not null)
        {
            command.With("@requester", requesterPrefix);
        }

        return await command.ListAsync(IncidentReader.Summary, ct);
    }
}
