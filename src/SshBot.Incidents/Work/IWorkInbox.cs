namespace SshBot.Incidents.Work;

/// <summary>
/// The inbox of work accepted from chat: stored before the platform is told it was received,
/// claimed under a lease by one worker at a time, and claimed again by any worker once a lease
/// runs out (the process holding it died). Kept beside the incidents so one store, SQLite or
/// PostgreSQL, holds everything a restart needs.
/// </summary>
public interface IWorkInbox
{
    /// <summary>
    /// Stores new work unless its key was stored before (<see cref="EnqueueStatus.Duplicate"/>),
    /// the queue holds <see cref="WorkLimits.MaxQueued"/> items already (<see cref="EnqueueStatus.Full"/>),
    /// or its requester has <see cref="WorkLimits.MaxPerRequester"/> items waiting or running
    /// (<see cref="EnqueueStatus.RequesterFull"/>). A duplicate is recognised even when full.
    /// </summary>
    Task<EnqueueResult> EnqueueAsync(NewWork work, WorkLimits limits, CancellationToken ct = default);

    /// <summary>
    /// Stores several as <see cref="EnqueueAsync"/> would one after the other, in one transaction:
    /// one commit (one fsync) for all of them, which is what keeps acknowledgements fast under load.
    /// </summary>
    Task<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(IReadOnlyList<NewWork> works, WorkLimits limits, CancellationToken ct = default);

    /// <summary>The oldest queued item, or a running one whose lease ran out; null when there is none.</summary>
    Task<ClaimedWork?> ClaimAsync(string owner, TimeSpan lease, CancellationToken ct = default);

    /// <summary>Extends the lease; false when the item is no longer this owner's.</summary>
    Task<bool> RenewAsync(long id, string owner, TimeSpan lease, CancellationToken ct = default);

    /// <summary>Ends an item: done, or failed with why. Nothing happens when it is no longer this owner's.</summary>
    Task FinishAsync(long id, string owner, bool succeeded, string? outcome, CancellationToken ct = default);

    /// <summary>
    /// Puts one item back in the queue whose run this owner stopped on purpose (a graceful stop),
    /// counting it in <see cref="ClaimedWork.Stops"/>; false when it is no longer this owner's.
    /// </summary>
    Task<bool> PutBackAsync(long id, string owner, CancellationToken ct = default);

    /// <summary>
    /// Puts an owner's running items back in the queue; returns how many. Their claims still
    /// count as attempts: the items a stop interrupted were put back one by one before this
    /// (<see cref="PutBackAsync"/>), and the rest failed, or their owner died.
    /// </summary>
    Task<int> ReleaseAsync(string owner, CancellationToken ct = default);

    /// <summary>The owners holding running items, so a restarted process can release the leases of its dead predecessors.</summary>
    Task<IReadOnlyList<string>> RunningOwnersAsync(CancellationToken ct = default);

    Task<WorkCounts> CountAsync(CancellationToken ct = default);

    /// <summary>Deletes finished items older than the age; queued and running ones are never pruned.</summary>
    Task<int> PruneWorkAsync(TimeSpan olderThan, CancellationToken ct = default);
}
