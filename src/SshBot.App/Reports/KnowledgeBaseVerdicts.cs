using SshBot.Diagnostics.Observations;
using SshBot.KnowledgeBase;

namespace SshBot.App.Reports;

/// <summary>Verdicts from the knowledge base: the ranked findings of <see cref="KnowledgeBase.KnowledgeBase.Match"/>.</summary>
internal sealed class KnowledgeBaseVerdicts(SshBot.KnowledgeBase.KnowledgeBase knowledgeBase) : IVerdictSource
{
    public SshBot.KnowledgeBase.KnowledgeBase KnowledgeBase { get; } = knowledgeBase;

    /// <summary>Loads the folder (or the default kb/); a base that does not lint clean is refused with its first problems.</summary>
    /// <exception cref="InvalidDataException">No knowledge base was found, or it has problems.</exception>
    public static KnowledgeBaseVerdicts Load(string? directory)
    {
        var dir = Locate(directory);
        if (!Directory.Exists(dir))
        {
            throw new InvalidDataException($"--kb: {dir} is not a folder.");
        }

        var result = KnowledgeBaseLoader.Load(dir);
        if (result.KnowledgeBase is not { } kb)
        {
            var first = result.Problems[0];
            throw new InvalidDataException($"the knowledge base in {dir} has {result.Problems.Count} problem(s), first {first.File}:{first.Line}: {first.Message} (run 'sshbot kb lint {dir}')");
        }

        return new KnowledgeBaseVerdicts(kb);
    }

    /// <summary>The folder given, or the nearest kb/ above the current directory or the program.</summary>
    /// <exception cref="InvalidDataException">None was given and none was found.</exception>
    public static string Locate(string? directory) =>
        directory ?? KnowledgeBaseLocator.FindDefault()
            ?? throw new InvalidDataException("no knowledge base found: no kb/ folder above the current directory or the program; give one with --kb DIR.");

    public IReadOnlyList<ReportFinding> Rank(IReadOnlyDictionary<string, ObservationValue> observations) =>
        KnowledgeBase.Match(observations).Findings
            .Select(f => new ReportFinding(f.Id, f.Title, Math.Round(f.Score, 3), f.Evidence, f.Missing))
            .ToArray();
}
