namespace SshBot.KnowledgeBase.Tests.Corpus;

/// <summary>
/// One real client output from a public thread (Fixtures/Corpus/*.md): the text as posted, where
/// it came from, and the knowledge-base article for the cause the thread established.
/// </summary>
internal sealed record CorpusEntry(string Name, string Source, string Client, string Expected, string Why, string Text)
{

    /// <summary>
    /// About a third of the entries, chosen by a hash of the file name (not by content), kept out
    /// of rule writing: their rates are reported apart, as the measure of what was not tuned for.
    /// </summary>
    public bool HeldOut => Fnv1a(Name) % 3 == 0;

    public static IReadOnlyList<CorpusEntry> All { get; } = Load("Corpus");

    /// <summary>
    /// The blind samples (Fixtures/Validation/*.md): collected by someone who never ran explain on
    /// them, to measure how the rules generalise; reported apart from the corpus (see its README).
    /// </summary>
    public static IReadOnlyList<CorpusEntry> Validation { get; } = Load("Validation");

    private static CorpusEntry[] Load(string folder) =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", folder), "*.md")
            .Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(Read)
            .ToArray();

    private static CorpusEntry Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length < 3 || lines[0] != "---")
        {
            throw new InvalidDataException($"{path}: no front matter");
        }

        var end = Array.IndexOf(lines, "---", 1);
        var fields = lines[1..end]
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : "", StringComparer.Ordinal);
        string Field(string name) => fields.TryGetValue(name, out var v) && v.Length > 0
            ? v
            : throw new InvalidDataException($"{path}: front matter has no '{name}'");
        return new CorpusEntry(Path.GetFileNameWithoutExtension(path), Field("source"), Field("client"), Field("expected"), Field("why"),
            string.Join('\n', lines[(end + 1)..]));
    }

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }
}
