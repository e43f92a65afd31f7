using SshBot.KnowledgeBase.Matching;

namespace SshBot.KnowledgeBase.Explaining;

/// <summary>
/// A paste that shows a symptom ("closed before the banner") is answered with the causes behind
/// it, not with the symptom: a fully met symptom article with <c>causes:</c> moves below those of
/// its causes that fit the text. Causes the text fully meets keep their rank; the possible ones
/// follow, those with more evidence first, then in the order the symptom lists them (its
/// author's "most likely first"). Each possible cause carries the check that decides it.
/// </summary>
internal static class SymptomCauses
{
    public static IReadOnlyList<Finding> Rank(IReadOnlyList<Finding> findings)
    {
        var ranked = findings.ToList();
        foreach (var symptom in findings.Where(f => f.FullyMet && f.Article.Causes.Count > 0))
        {
            var causes = ranked.Where(f => symptom.Article.Causes.Contains(f.Id, StringComparer.Ordinal)).ToList();
            if (causes.Count == 0 || !ranked.Contains(symptom))
            {
                continue;
            }

            // The block of symptom and causes starts where the first of them ranked.
            var at = causes.Append(symptom).Min(ranked.IndexOf);

            var order = symptom.Article.Causes;
            var met = causes.Where(c => c.FullyMet).ToList();
            var possible = causes.Where(c => !c.FullyMet)
                .OrderByDescending(c => c.Specificity)
                .ThenBy(c => IndexOf(order, c.Id))
                .ToList();
            ranked.Remove(symptom);
            ranked.RemoveAll(causes.Contains);
            ranked.InsertRange(at, [.. met, .. possible, symptom]);
        }

        return ranked;
    }

    private static int IndexOf(IReadOnlyList<string> order, string id)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (string.Equals(order[i], id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
