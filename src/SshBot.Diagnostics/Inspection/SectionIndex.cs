namespace SshBot.Diagnostics.Inspection;

/// <summary>The sections of one transcript by name and argument (the first of duplicates wins).</summary>
internal sealed class SectionIndex(IReadOnlyList<InspectionSection> sections)
{
    private readonly Dictionary<(string, string?), InspectionSection> _first = sections
        .GroupBy(s => (s.Name, s.Argument))
        .ToDictionary(g => g.Key, g => g.First());

    public IReadOnlyList<InspectionSection> All { get; } = sections;

    /// <summary>The section, whatever its status, or null when the script did not report it.</summary>
    public InspectionSection? Find(string name, string? argument = null) => _first.GetValueOrDefault((name, argument));

    /// <summary>The section when its command ran and succeeded.</summary>
    public InspectionSection? Ok(string name, string? argument = null) => Find(name, argument) is { IsOk: true } s ? s : null;
}
