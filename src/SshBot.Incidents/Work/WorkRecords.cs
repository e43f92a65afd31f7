namespace SshBot.Incidents.Work;

/// <summary>
/// Work to store. <paramref name="IdempotencyKey"/> is the platform's delivery id (Slack
/// event_id, Bot Framework activity id): a redelivery carries the same one and is stored once.
/// <paramref name="Payload"/> is the caller's own serialised request.
/// </summary>
public sealed record NewWork(string IdempotencyKey, string Platform, string RequestedBy, string Kind, string Payload);

/// <param name="MaxQueued">Queued items across all requesters beyond which new work is refused.</param>
/// <param name="MaxPerRequester">Queued or running items of one requester beyond which their new work is refused.</param>
public sealed record WorkLimits(int MaxQueued, int MaxPerRequester);

public enum EnqueueStatus
{
    Accepted,
    Duplicate,
    Full,
    RequesterFull,
}

public sealed record EnqueueResult(EnqueueStatus Status, long? Id);

/// <summary>
/// An item claimed by a worker; <paramref name="Attempt"/> is 1 the first time, more when claimed
/// again, whatever ended the earlier claims. <see cref="Stops"/> of those were given back by a
/// graceful stop, so <c>Attempt - Stops</c> counts the runs that crashed, failed or are this one.
/// </summary>
public sealed record ClaimedWork(long Id, string IdempotencyKey, string Platform, string RequestedBy, string Kind, string Payload, int Attempt, DateTimeOffset EnqueuedAt)
{
    /// <summary>Earlier claims a graceful stop gave back (<see cref="IWorkInbox.PutBackAsync"/>).</summary>
    public int Stops { get; init; }
}

public sealed record WorkCounts(int Queued, int Running);
