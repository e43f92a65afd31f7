using System.Collections.Frozen;
using SshBot.Diagnostics.Observations;
using SshBot.KnowledgeBase.Articles;
using SshBot.KnowledgeBase.Matching;
using SshBot.KnowledgeBase.Overlay;

namespace SshBot.KnowledgeBase;

/// <summary>
/// An immutable snapshot of a linted knowledge base: its articles by id, ready to match.
/// Load one with <c>KnowledgeBaseLoader.Load</c>; share it freely between threads.
/// </summary>
public sealed class KnowledgeBase
{
    private readonly Article[] _ordered;

    internal KnowledgeBase(string directory, IEnumerable<Article> articles, KnowledgeBaseVersion version)
    {
        Directory = directory;
        Version = version;
        _ordered = articles.OrderBy(a => a.Id, StringComparer.Ordinal).ToArray();
        Articles = _ordered.ToFrozenDictionary(a => a.Id, StringComparer.Ordinal);
    }

    /// <summary>The directory the snapshot was loaded from.</summary>
    public string Directory { get; }

    /// <summary>Which knowledge base this is (stored revision and content hash), named in reports, cards and incidents.</summary>
    public KnowledgeBaseVersion Version { get; }

    /// <summary>The articles by id.</summary>
    public IReadOnlyDictionary<string, Article> Articles { get; }

    /// <summary>
    /// Ranks the articles that fit the observations. Articles whose conditions hold come first;
    /// articles that are not contradicted but need observations nobody made follow as possible
    /// causes, with what would decide them. <c>healthy</c> appears only when no other article
    /// is fully met.
    /// </summary>
    /// <param name="observations">The observations of one diagnosis (keys of the vocabulary).</param>
    /// <param name="priors">Optional weight per article id from incident history (e.g. confirmed
    /// fixes for this host); only breaks ties.</param>
    public MatchResult Match(IReadOnlyDictionary<string, ObservationValue> observations, IReadOnlyDictionary<string, double>? priors = null)
    {
        ArgumentNullException.ThrowIfNull(observations);
        return Matcher.Match(_ordered, observations, priors) with { KnowledgeBaseVersion = Version.ToString() };
    }
}
