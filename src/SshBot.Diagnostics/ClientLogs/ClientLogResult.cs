using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.ClientLogs;

/// <summary>
/// What a pasted client log said: the <c>client.*</c> observations, and for each observation the
/// exact input lines that decided it, so a reply can quote them back.
/// </summary>
/// <param name="Observations">The <c>client.*</c> observations found.</param>
/// <param name="Evidence">For each observation key, the input lines (as pasted, trimmed) that decided it.</param>
/// <param name="Notes">What the parser left out and why (input cut at the size cap, long lines shortened).</param>
public sealed record ClientLogResult(
    ObservationSet Observations,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Evidence,
    IReadOnlyList<string> Notes)
{
    /// <summary>The input held a classified SSH failure (<c>client.error</c>).</summary>
    public bool FoundError => Observations.ContainsKey("client.error");

    /// <summary>The input shows a login that worked (<c>client.authenticated</c>): something to explain even with no error.</summary>
    public bool ShowsSuccess => Observations.TryGetValue("client.authenticated", out var v) && v.Flag;

    /// <summary>The input held anything the parser recognised.</summary>
    public bool FoundAnything => Observations.Count > 0;

    /// <summary>The input's lines as the parser splits them (escaped and HTML line breaks made real, wrapped lines joined), not yet cleaned.</summary>
    public static IEnumerable<string> Lines(string text) => LogText.RawLines(text);

    /// <summary>A line of the input as given, in the form the evidence quotes it (chat decoration removed).</summary>
    public static string Clean(string line) => LogText.Clean(line);

    /// <summary>Every line that decided an observation, in the form <see cref="Clean"/> gives.</summary>
    public IReadOnlySet<string> DecidingLines() => Evidence.Values.SelectMany(lines => lines).ToHashSet(StringComparer.Ordinal);

    /// <summary>The lines that decided the observations of <paramref name="key"/>, or none.</summary>
    public IReadOnlyList<string> LinesFor(string key) => Evidence.TryGetValue(key, out var lines) ? lines : [];
}
