using SshBot.Diagnostics.Observations;
using SshBot.KnowledgeBase.Articles;
using SshBot.KnowledgeBase.Conditions;
using SshBot.KnowledgeBase.Linting;

namespace SshBot.KnowledgeBase.Matching;

/// <summary>
/// Evaluates every article against the observations and ranks what fits: fully met before
/// possible; then more leaf conditions matched; then confidence; then the prior from incident
/// history; then id, so the order is stable.
/// </summary>
internal static class Matcher
{
    /// <summary>How much a possible (partly unknown) finding is worth against a fully met one.</summary>
    public const double PossibleWeight = 0.5;

    public static MatchResult Match(
        IEnumerable<Article> articles,
        IReadOnlyDictionary<string, ObservationValue> observations,
        IReadOnlyDictionary<string, double>? priors)
    {
        var findings = new List<Finding>();
        foreach (var article in articles)
        {
            var evaluation = article.When.Evaluate(observations);
            if (evaluation.Truth == Truth.True)
            {
                findings.Add(new Finding(article.Id, article.Title, Weight(article.Confidence), true, evaluation.Evidence, [], article));
            }
            else if (evaluation.Truth == Truth.Unknown && evaluation.Evidence.Count > 0)
            {
                var score = Weight(article.Confidence) * PossibleWeight * evaluation.Fraction;
                findings.Add(new Finding(article.Id, article.Title, Math.Round(score, 3), false, evaluation.Evidence, evaluation.Missing, article));
            }
        }

        if (findings.Any(f => f.FullyMet && f.Id != RequiredArticles.Healthy))
        {
            findings.RemoveAll(f => f.Id == RequiredArticles.Healthy);
        }

        findings.Sort((a, b) => Compare(a, b, priors));
        return new MatchResult(findings);
    }

    /// <summary>The score of a fully met article of this confidence.</summary>
    public static double Weight(Confidence confidence) => confidence switch
    {
        Confidence.High => 0.9,
        Confidence.Medium => 0.7,
        _ => 0.5,
    };

    private static int Compare(Finding a, Finding b, IReadOnlyDictionary<string, double>? priors)
    {
        var order = b.FullyMet.CompareTo(a.FullyMet);
        if (order == 0)
        {
            order = b.Specificity.CompareTo(a.Specificity);
        }

        if (order == 0)
        {
            order = b.Article.Confidence.CompareTo(a.Article.Confidence);
        }

        if (order == 0)
        {
            order = b.Score.CompareTo(a.Score);
        }

        if (order == 0 && priors is not null)
        {
            order = Prior(priors, b.Id).CompareTo(Prior(priors, a.Id));
        }

        return order != 0 ? order : string.CompareOrdinal(a.Id, b.Id);
    }

    private static double Prior(IReadOnlyDictionary<string, double> priors, string id) =>
        priors.TryGetValue(id, out var weight) ? weight : 0;
}
