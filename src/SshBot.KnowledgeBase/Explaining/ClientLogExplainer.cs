using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;

namespace SshBot.KnowledgeBase.Explaining;

/// <summary>
/// From pasted text to findings: parses the client log, matches its <c>client.*</c> observations
/// (with the bot's own, when a diagnosis ran) against the knowledge base, and quotes the lines
/// behind each finding. Opens no socket and starts no process; safe for any input and any thread.
/// </summary>
public static class ClientLogExplainer
{
    /// <summary>
    /// A verdict from text alone is worth this much of one the bot's probes confirmed: the user's
    /// log may be partial, old, or from another network.
    /// </summary>
    public const double TextOnlyWeight = 0.8;

    /// <summary>Explains <paramref name="text"/> (an <c>ssh -v</c> log, a PuTTY message, a chat paste).</summary>
    /// <param name="knowledgeBase">The loaded knowledge base.</param>
    /// <param name="text">What the user pasted; any size or content (it is bounded by the parser).</param>
    /// <param name="botObservations">The bot's own observations of the same host, when it diagnosed it.</param>
    public static TextExplanation Explain(KnowledgeBase knowledgeBase, string? text, IReadOnlyDictionary<string, ObservationValue>? botObservations = null) =>
        Explain(knowledgeBase, ClientLogParser.Parse(text), botObservations);

    /// <summary>Explains an already parsed log.</summary>
    public static TextExplanation Explain(KnowledgeBase knowledgeBase, ClientLogResult log, IReadOnlyDictionary<string, ObservationValue>? botObservations = null)
    {
        ArgumentNullException.ThrowIfNull(knowledgeBase);
        ArgumentNullException.ThrowIfNull(log);
        var observations = Merge(botObservations, log.Observations);
        var textOnly = botObservations is null || botObservations.Count == 0;
        var findings = log.FoundError || log.ShowsSuccess
            ? SymptomCauses.Rank(knowledgeBase.Match(observations).Findings)
                .Select(f => new ExplainedFinding(
                    f.Id,
                    f.Title,
                    Math.Round(textOnly ? f.Score * TextOnlyWeight : f.Score, 3),
                    f.FullyMet,
                    f.Evidence,
                    Quotes(f.Evidence, log),
                    f.Missing.Distinct(StringComparer.Ordinal).ToArray(),
                    f.Article))
                .ToArray()
            : [];
        return new TextExplanation(log, findings, CannotTellFrom.For(log, textOnly), AlgorithmComparison.Describe(observations), textOnly);
    }

    /// <summary>The bot's observations with the user's <c>client.*</c> ones added (the client's win on a clash).</summary>
    public static IReadOnlyDictionary<string, ObservationValue> Merge(IReadOnlyDictionary<string, ObservationValue>? bot, IReadOnlyDictionary<string, ObservationValue> client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var merged = new SortedDictionary<string, ObservationValue>(StringComparer.Ordinal);
        foreach (var (key, value) in bot ?? new Dictionary<string, ObservationValue>())
        {
            merged[key] = value;
        }

        foreach (var (key, value) in client)
        {
            merged[key] = value;
        }

        return merged;
    }

    private static string[] Quotes(IReadOnlyList<string> evidence, ClientLogResult log)
    {
        var quotes = new List<string>();
        foreach (var condition in evidence)
        {
            var space = condition.IndexOf(' ', StringComparison.Ordinal);
            var key = space < 0 ? condition : condition[..space];
            foreach (var line in log.LinesFor(key))
            {
                if (!quotes.Contains(line))
                {
                    quotes.Add(line);
                }
            }
        }

        return [.. quotes];
    }
}
