namespace SshBot.Incidents;

/// <summary>Feedback kinds users give on a diagnosis.</summary>
public static class FeedbackKinds
{
    public const string Fixed = "fixed";
    public const string NotIt = "not-it";
    public const string Comment = "comment";

    public static bool IsKnown(string kind) => kind is Fixed or NotIt or Comment;
}

/// <summary>One feedback event. <paramref name="VerdictId"/> defaults to the incident's verdict.</summary>
public sealed record FeedbackGiven(
    long IncidentId,
    string Kind,
    string GivenBy,
    string? VerdictId = null,
    string? FixApplied = null,
    string? Text = null);

/// <summary>A reply the bot sent; MessageId is the platform's id (Slack ts, Teams activity id).</summary>
public sealed record ReplySent(
    long IncidentId,
    long? DiagnosisId,
    string Platform,
    string Channel,
    string? Thread,
    string MessageId);
