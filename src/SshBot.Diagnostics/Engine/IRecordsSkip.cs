namespace SshBot.Diagnostics.Engine;

/// <summary>
/// A stage that records, as observations, why it did not run when a parent did not pass
/// (e.g. <c>host.inspect.status</c>), so the knowledge base can tell "not checked" from "fine".
/// </summary>
public interface IRecordsSkip
{
    void RecordSkipped(DiagnosisContext context, string blocker);
}
