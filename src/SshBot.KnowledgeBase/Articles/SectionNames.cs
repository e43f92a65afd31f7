namespace SshBot.KnowledgeBase.Articles;

/// <summary>The fixed section titles of an article (DESIGN §7).</summary>
public static class SectionNames
{
    public const string Symptoms = "Symptoms";
    public const string Diagnosis = "Diagnosis";
    public const string Fix = "Fix";
    public const string WhyItWorks = "Why it works";
    public const string CommandsToConfirm = "Commands to confirm";
    public const string SeeAlso = "See also";

    /// <summary>Sections every article must have, in the order they are written.</summary>
    public static IReadOnlyList<string> Required { get; } = [Symptoms, Diagnosis, Fix, WhyItWorks];
}
