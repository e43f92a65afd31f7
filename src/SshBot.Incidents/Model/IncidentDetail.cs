namespace SshBot.Incidents;

/// <summary>One incident with everything recorded about it, oldest first within each list.</summary>
public sealed record IncidentDetail(
    IncidentSummary Incident,
    IReadOnlyList<RequestRecord> Requests,
    IReadOnlyList<DiagnosisRecord> Diagnoses,
    IReadOnlyList<ReplyRecord> Replies,
    IReadOnlyList<FeedbackRecord> Feedback,
    IReadOnlyList<IncidentEvent> Events);

public sealed record RequestRecord(
    long Id,
    string IdempotencyKey,
    string RequestedBy,
    string Platform,
    string? Channel,
    string? Thread,
    string Text,
    DateTimeOffset ReceivedAt);

/// <summary>A diagnosis; Status stays "running" if the process died before it completed.</summary>
public sealed record DiagnosisRecord(
    long Id,
    long RequestId,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    string? VerdictId,
    string? FindingsJson,
    string? ObservationsJson,
    IReadOnlyList<StageRecord> Stages);

public static class DiagnosisStatuses
{
    public const string Running = "running";
    public const string Completed = "completed";
}

public sealed record StageRecord(long Id, string Name, string Status, long DurationMs, string ObservationsJson, DateTimeOffset RecordedAt);

public sealed record ReplyRecord(long Id, long? DiagnosisId, string Platform, string Channel, string? Thread, string MessageId, DateTimeOffset SentAt);

public sealed record FeedbackRecord(long Id, string Kind, string? VerdictId, string? FixApplied, string? Text, string GivenBy, DateTimeOffset GivenAt);

/// <summary>Something that happened to an incident besides its stages: an interruption, a delivery failure.</summary>
public sealed record IncidentEvent(long Id, long? DiagnosisId, string Kind, string Text, DateTimeOffset At);

public static class IncidentEventKinds
{
    /// <summary>The process running the diagnosis stopped before it ended; another run took it up.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>The final reply reached the thread (<c>as text</c> when the card itself was refused).</summary>
    public const string Delivered = "delivered";

    /// <summary>No reply could be delivered; the text says why.</summary>
    public const string DeliveryFailed = "delivery-failed";

    /// <summary>The work was given up after too many attempts.</summary>
    public const string GaveUp = "gave-up";
}
