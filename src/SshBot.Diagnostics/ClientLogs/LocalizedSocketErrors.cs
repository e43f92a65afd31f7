namespace SshBot.Diagnostics.ClientLogs;

/// <summary>
/// The C library's socket, resolver and disk errors as a client in another language prints them:
/// ssh quotes strerror() and gai_strerror() ("ssh: connect to host web-01 port 22: Connexion
/// refusée"), and glibc translates them in the user's locale. <see cref="Glibc"/> holds every
/// wording glibc's own translations have had since 2.17 (generated; see its header). Windows
/// translates its socket errors too, as .NET tools (SSH.NET, Posh-SSH) and Python print them:
/// German's and French's are here. The same <c>client.error</c> values as the English words, so
/// the same articles answer.
/// </summary>
internal static partial class LocalizedSocketErrors
{
    /// <summary>What each English message of <see cref="Glibc"/> means, as the English rule says it.</summary>
    private static readonly Dictionary<string, (string Error, ClientStage? Stage)> Meaning = new(StringComparer.Ordinal)
    {
        ["Connection refused"] = ("connection-refused", ClientStage.Connect),
        ["Connection timed out"] = ("connection-timed-out", null),
        ["No route to host"] = ("no-route", ClientStage.Connect),
        ["Network is unreachable"] = ("no-route", ClientStage.Connect),
        ["Connection reset by peer"] = ("connection-reset", null),
        ["Software caused connection abort"] = ("connection-reset", null),
        ["Name or service not known"] = ("name-not-resolved", ClientStage.Resolve),
        ["Temporary failure in name resolution"] = ("name-not-resolved", ClientStage.Resolve),
        ["Broken pipe"] = ("broken-pipe", ClientStage.Session),
        ["No space left on device"] = ("no-space", ClientStage.Session),
        ["Disk quota exceeded"] = ("no-space", ClientStage.Session),
        ["Cannot allocate memory"] = ("server-resources", ClientStage.Session),
    };

    /// <summary>Wordings glibc's own files lack: Windows' socket errors, and distributions'
    /// own translations of glibc (Ubuntu's come from its translators, not glibc's).</summary>
    private static readonly (string English, string Translated)[] Others =
    [
        ("Connection refused", "da der Zielcomputer die Verbindung verweigerte"),
        ("Connection refused", "l'ordinateur cible l'a expressément refusée"),
        ("Connection timed out", "nach einer bestimmten Zeitspanne nicht richtig reagiert"),
        ("Connection timed out", "n'a pas répondu convenablement au-delà d'une certaine durée"),
        ("Connection reset by peer", "vom Remotehost geschlossen"),
        ("Connection reset by peer", "a dû être fermée par l'hôte distant"),
        ("Connection reset by peer", "Соединение сброшено другой стороной"),
        ("No route to host", "Nenhuma rota para o host"),
        ("Network is unreachable", "La red no es accesible"),
        ("Broken pipe", "パイプが切断されました"),
    ];

    /// <summary>Each wording as the parser reads a line: typographic quotes as ASCII ones
    /// (<see cref="LogText.Plain"/>), the way Catalan's and Ukrainian's apostrophes arrive.</summary>
    private static readonly (string English, string Translated)[] All =
    [
        .. Glibc.Select(entry => (entry.English, LogText.Plain(entry.Translated)))
            .Concat(Others.Select(entry => (entry.English, LogText.Plain(entry.Translated))))
            .DistinctBy(entry => entry.Item2, StringComparer.OrdinalIgnoreCase),
    ];

    /// <summary>Each translation as a rule, beside the English words in <see cref="FailureRules.All"/>.</summary>
    public static readonly FailureRule[] Rules =
        [.. All.Select(entry => new FailureRule(entry.Translated, Meaning[entry.English].Error, Meaning[entry.English].Stage))];

    private static readonly ILookup<string, string> ByEnglish = All.ToLookup(entry => entry.English, entry => entry.Translated, StringComparer.Ordinal);

    /// <summary>Whether a line holds <paramref name="english"/>, in English or in a translation.</summary>
    public static bool Says(string line, string english) =>
        line.Contains(english, StringComparison.OrdinalIgnoreCase)
        || ByEnglish[english].Any(translated => line.Contains(translated, StringComparison.OrdinalIgnoreCase));
}
