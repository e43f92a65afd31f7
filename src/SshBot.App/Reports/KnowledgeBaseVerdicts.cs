using SshBot.App.Kb;
using SshBot.Diagnostics.Observations;
using SshBot.Incidents;
using SshBot.KnowledgeBase;
using SshBot.KnowledgeBase.Overlay;

namespace SshBot.App.Reports;

/// <summary>Verdicts from the knowledge base: the ranked findings of <see cref="KnowledgeBase.KnowledgeBase.Match"/>.</summary>
internal sealed class KnowledgeBaseVerdicts(SshBot.KnowledgeBase.KnowledgeBase knowledgeBase) : IVerdictSource
{
    public SshBot.KnowledgeBase.KnowledgeBase KnowledgeBase { get; } = knowledgeBase;

    public string Version => KnowledgeBase.Version.ToString();

    /// <summary>Loads the folder (or the default kb/) alone; a base that does not lint clean is refused with its first problems.</summary>
    /// <exception cref="InvalidDataException">No knowledge base was found, or it has problems.</exception>
    public static KnowledgeBaseVerdicts Load(string? directory) => Load(directory, KnowledgeOverlay.Empty, TextWriter.Null);

    /// <summary>
    /// Loads the effective knowledge base: the folder with the edits stored in <paramref name="store"/>
    /// over it (none when the store does not exist or cannot be read, said on <paramref name="error"/>).
    /// </summary>
    /// <exception cref="InvalidDataException">No knowledge base was found, or it has problems.</exception>
    public static async Task<KnowledgeBaseVerdicts> LoadAsync(string? directory, IncidentStoreOptions? store, TextWriter error, CancellationToken ct)
    {
        var dir = Locate(directory);
        var overlay = Directory.Exists(dir) ? await StoredEdits.ReadOrWarnAsync(store, error, ct) : KnowledgeOverlay.Empty;
        return Load(dir, overlay, error);
    }

    /// <summary>
    /// Loads the folder with the overlay. When the stored edits do not fit this folder (an older
    /// checkout), the folder alone is used, as a server does, after a line on <paramref name="error"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">No knowledge base was found, or it has problems.</exception>
    public static KnowledgeBaseVerdicts Load(string? directory, KnowledgeOverlay overlay, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        ArgumentNullException.ThrowIfNull(error);
        var dir = Locate(directory);
        if (!Directory.Exists(dir))
        {
            throw new InvalidDataException($"--kb: {dir} is not a folder.");
        }

        var result = KnowledgeBaseLoader.Load(dir, overlay);
        if (result.KnowledgeBase is null && overlay.Revision > 0 && KnowledgeBaseLoader.Load(dir) is { KnowledgeBase: { } folder })
        {
            var problem = result.Problems[0];
            error.WriteLine($"sshbot: the knowledge-base edits stored from chat (revision {overlay.Revision}) do not fit {dir}, first {problem.File}:{problem.Line}: {problem.Message}; using the folder alone (run 'sshbot kb lint').");
            return new KnowledgeBaseVerdicts(folder);
        }

        if (result.KnowledgeBase is not { } kb)
        {
            var first = result.Problems[0];
            throw new InvalidDataException($"the knowledge base in {dir} has {result.Problems.Count} problem(s), first {first.File}:{first.Line}: {first.Message} (run 'sshbot kb lint {dir}')");
        }

        return new KnowledgeBaseVerdicts(kb);
    }

    /// <summary>The folder given, else Kb:Directory (Kb__Directory, appsettings.json), else the nearest kb/ above the current directory or the program.</summary>
    /// <exception cref="InvalidDataException">None was given and none was found.</exception>
    public static string Locate(string? directory) =>
        directory ?? SshBot.App.Cli.CliSettings.Load().KbDirectory ?? KnowledgeBaseLocator.FindDefault()
            ?? throw new InvalidDataException("no knowledge base found: no kb/ folder above the current directory or the program; give one with --kb DIR.");

    public IReadOnlyList<ReportFinding> Rank(IReadOnlyDictionary<string, ObservationValue> observations) =>
        KnowledgeBase.Match(observations).Findings
            .Select(f => new ReportFinding(f.Id, f.Title, Math.Round(f.Score, 3), f.Evidence, f.Missing))
            .ToArray();
}
