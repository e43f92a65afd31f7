using SshBot.Diagnostics.ClientLogs;
using SshBot.KnowledgeBase.Articles;

namespace SshBot.KnowledgeBase.Explaining;

/// <summary>
/// What a pasted client log means: the knowledge-base findings it fits, each with the input lines
/// that decided it, what the text cannot tell, and where the client and server algorithms part.
/// </summary>
/// <param name="Log">The parsed paste: <c>client.*</c> observations and their lines.</param>
/// <param name="Findings">Ranked; the first is the verdict. Runner-ups stay listed.</param>
/// <param name="CannotTell">What the text alone cannot decide, and the step that would.</param>
/// <param name="Mismatches">Sentences naming an algorithm mismatch, e.g. "key exchange: your client offers only X; the server only Y".</param>
/// <param name="FromTextOnly">No probe of the bot's own confirmed anything: scores are scaled down by <see cref="ClientLogExplainer.TextOnlyWeight"/>.</param>
public sealed record TextExplanation(
    ClientLogResult Log,
    IReadOnlyList<ExplainedFinding> Findings,
    IReadOnlyList<string> CannotTell,
    IReadOnlyList<string> Mismatches,
    bool FromTextOnly)
{
    /// <summary>The text held a classified SSH failure.</summary>
    public bool FoundError => Log.FoundError;

    /// <summary>
    /// There is something to explain: a classified failure, or output that shows a login that
    /// worked (then the answer is "SSH is fine", not "no SSH error found").
    /// </summary>
    public bool Explained => Findings.Count > 0 && (Log.FoundError || Log.ShowsSuccess);

    public ExplainedFinding? Verdict => Findings.Count > 0 ? Findings[0] : null;

    public string? Host => Log.Observations.GetText("client.host");

    public int? Port => Log.Observations.TryGetValue("client.port", out var p) ? (int)p.Number : null;

    public string? User => Log.Observations.GetText("client.user");

    public string? ClientVersion => Log.Observations.GetText("client.version");

    public string? ClientProduct => Log.Observations.GetText("client.product");

    /// <summary>The command that would let the bot look for itself, when the text names a host.</summary>
    public string? SuggestedCommand => Host is { } host
        ? "sshbot diagnose " + (User is { } u ? u + "@" : "") + host + (Port is { } port and not 22 ? ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")
        : null;
}

/// <summary>One knowledge-base finding explained from text.</summary>
/// <param name="Id">The article id.</param>
/// <param name="Title">The article title.</param>
/// <param name="Score">The matcher's score, scaled down when from text only.</param>
/// <param name="FullyMet">Every condition held; otherwise a possible cause.</param>
/// <param name="Evidence">The conditions that held, as the matcher wrote them.</param>
/// <param name="Quotes">The input lines behind those conditions, for quoting back to the user.</param>
/// <param name="Missing">Observations that would decide the conditions not yet known.</param>
/// <param name="Article">The article, for its fix and explanation.</param>
public sealed record ExplainedFinding(
    string Id,
    string Title,
    double Score,
    bool FullyMet,
    IReadOnlyList<string> Evidence,
    IReadOnlyList<string> Quotes,
    IReadOnlyList<string> Missing,
    Article Article);
