namespace SshBot.KnowledgeBase.Matching;

/// <summary>
/// Where a piece of evidence came from, read from the observation key it names: <c>client.*</c>
/// from the user's pasted output, <c>report.*</c> from what the user said, everything else from
/// the bot's own probes. A verdict that mixes the two views says which is which, because they can
/// disagree (the bot connects; the user's client does not).
/// </summary>
public static class EvidenceSource
{
    /// <summary>From the text the user pasted (<c>client.*</c>).</summary>
    public const string Paste = "paste";

    /// <summary>From what the user said in words (<c>report.*</c>).</summary>
    public const string Report = "report";

    /// <summary>From the bot's own probes (every other key).</summary>
    public const string Probe = "probe";

    /// <summary>The source of one evidence line as the matcher writes it ("client.error == x (observed: x)").</summary>
    public static string Of(string evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var key = evidence.TrimStart();
        return key.StartsWith("client.", StringComparison.Ordinal) ? Paste
            : key.StartsWith("report.", StringComparison.Ordinal) ? Report
            : Probe;
    }

    /// <summary>The words a reply puts after an evidence line: "from your paste", "from the bot's probe".</summary>
    public static string Label(string source) => source switch
    {
        Paste => "from your paste",
        Report => "from what you said",
        _ => "from the bot's probe",
    };

    /// <summary>The evidence line followed by where it came from.</summary>
    public static string Marked(string evidence) => $"{evidence} [{Label(Of(evidence))}]";
}
