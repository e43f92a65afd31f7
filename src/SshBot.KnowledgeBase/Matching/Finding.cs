using SshBot.KnowledgeBase.Articles;

namespace SshBot.KnowledgeBase.Matching;

/// <summary>
/// One article that fits the observations. <see cref="FullyMet"/> findings had every condition
/// hold; the others are possible causes whose undecided conditions are listed in
/// <see cref="Missing"/> as the next step that would decide them.
/// </summary>
public sealed record Finding(
    string Id,
    string Title,
    double Score,
    bool FullyMet,
    IReadOnlyList<string> Evidence,
    IReadOnlyList<string> Missing,
    Article Article)
{
    /// <summary>How many leaf conditions held: more is more specific.</summary>
    public int Specificity => Evidence.Count;
}
