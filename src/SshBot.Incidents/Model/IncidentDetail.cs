namespace SshBot.Incidents;

/// <summary>One incident with everything recorded about it, oldest first within each list.</summary>
public sealed record IncidentDetail(
    IncidentSummary Incident,
    IReadOnlyList<RequestRecord> Requests,
    IReadOnlyList<DiagnosisRecord> Diagnoses,
    IReadOnlyList<ReplyRecord> Replies,
    IReadOnlyList<FeedbackRecord> Feedback);

public sealed record RequestRecord(
    long Id,
    string IdempotencyKey,
    string RequestedBy,
    string Platform,
    string? Channel,
    string? Thread,
    string Text,
    DateTimeOffset ReceivedAt);

/// <summary>
/// A diagnosis; Status stays "running" if the process died before it completed. KnowledgeBaseVersion
/// names the knowledge base that ranked it (null for diagnoses recorded before versions were kept).
/// </summary>
public sealed record DiagnosisRecord(
    long Id,
    long RequestId,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    string? VerdictId,
    string? FindingsJson,
    string? ObservationsJson,
    IReadOnlyList<StageRecord> Stages,
    string? KnowledgeBaseVersion = null);

public static class DiagnosisStatuses
{
    public const string Running = "running";
    public const string Completed = "completed";
}

public sealed record StageRecord(long Id, string Name, string Status, long DurationMs, string ObservationsJson, DateTimeOffset RecordedAt);

public sealed record ReplyRecord(long Id, long? DiagnosisId, string Platform, string Channel, string? Thread, string MessageId, DateTimeOffset SentAt);

public sealed record FeedbackRecord(long Id, string Kind, string? VerdictId, string? FixApplied, string? Text, string GivenBy, DateTimeOffset GivenAt);
