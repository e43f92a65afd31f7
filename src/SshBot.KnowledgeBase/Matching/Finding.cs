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
    /// <summary>
    /// How many distinct leaf conditions held: more is more specific. Distinct, because an
    /// undecided <c>any:</c> group reports the evidence of each open branch, and branches often
    /// share a leaf ("client.stage == banner"): the same fact must not count twice.
    /// </summary>
    public int Specificity => Evidence.Distinct(StringComparer.Ordinal).Count();
}
