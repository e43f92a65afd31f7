namespace SshBot.KnowledgeBase.Linting;

/// <summary>What the linter holds a knowledge base to beyond each article being well formed.</summary>
public sealed record LintOptions
{
    /// <summary>The real knowledge base: every id of DESIGN §7 must exist.</summary>
    public static LintOptions Default { get; } = new();

    /// <summary>For scratch or partial knowledge bases (tests, drafts): no id is required.</summary>
    public static LintOptions NoRequiredIds { get; } = new() { RequiredIds = [] };

    /// <summary>Article ids that must exist.</summary>
    public IReadOnlyCollection<string> RequiredIds { get; init; } = RequiredArticles.Ids;
}
