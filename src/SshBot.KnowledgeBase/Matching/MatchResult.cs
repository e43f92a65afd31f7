namespace SshBot.KnowledgeBase.Matching;

/// <summary>The ranked findings of one match; the verdict is the first, null when nothing fits.</summary>
public sealed record MatchResult(IReadOnlyList<Finding> Findings)
{
    public Finding? Verdict => Findings.Count > 0 ? Findings[0] : null;

    /// <summary>The version of the knowledge base that ranked the findings (e.g. <c>r12-3f9a2c1d0b7e</c>).</summary>
    public string? KnowledgeBaseVersion { get; init; }
}
