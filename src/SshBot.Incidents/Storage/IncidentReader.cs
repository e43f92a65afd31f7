using System.Data.Common;

namespace SshBot.Incidents.Storage;

/// <summary>Maps rows of the IncidentSql selects to the model, column by column in select order.</summary>
internal static class IncidentReader
{
    public static IncidentSummary Summary(DbDataReader r) => new(
        r.Long(0)!.Value,
        r.GetString(1),
        r.Int(2),
        r.GetString(3),
        r.Time(4),
        r.Time(5),
        r.Text(6),
        r.TimeOrNull(7),
        r.Text(8),
        r.IsDBNull(9) ? null : new FixRecord(r.Text(10), r.Text(11), r.Text(12), r.GetString(13), r.Time(14)));

    public static RequestRecord Request(DbDataReader r) => new(
        r.Long(0)!.Value, r.GetString(1), r.GetString(2), r.GetString(3), r.Text(4), r.Text(5), r.GetString(6), r.Time(7));

    public static (long DiagnosisId, StageRecord Stage) Stage(DbDataReader r) => (
        r.Long(1)!.Value,
        new StageRecord(r.Long(0)!.Value, r.GetString(2), r.GetString(3), r.Long(4)!.Value, r.GetString(5), r.Time(6)));

    public static DiagnosisRecord Diagnosis(DbDataReader r) => new(
        r.Long(0)!.Value, r.Long(1)!.Value, r.GetString(2), r.Time(3), r.TimeOrNull(4), r.Text(5), r.Text(6), r.Text(7), [], r.Text(8));

    public static ReplyRecord Reply(DbDataReader r) => new(
        r.Long(0)!.Value, r.Long(1), r.GetString(2), r.GetString(3), r.Text(4), r.GetString(5), r.Time(6));

    public static FeedbackRecord Feedback(DbDataReader r) => new(
        r.Long(0)!.Value, r.GetString(1), r.Text(2), r.Text(3), r.Text(4), r.GetString(5), r.Time(6));

    public static HostKeySeen HostKey(DbDataReader r) => new(
        r.GetString(0), r.Int(1), r.GetString(2), r.GetString(3), r.Time(4), r.Time(5));
}
