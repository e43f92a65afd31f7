using SshBot.KnowledgeBase.Linting;

namespace SshBot.KnowledgeBase.Tests.Support;

/// <summary>The repository's kb/ loaded once for all tests.</summary>
internal static class RealKb
{
    private static readonly Lazy<KnowledgeBase> Loaded = new(() =>
    {
        var result = KnowledgeBaseLoader.Load(Repository.KbDirectory, LintOptions.Default);
        return result.KnowledgeBase ?? throw new InvalidOperationException(
            "kb/ does not load:\n" + string.Join("\n", result.Problems));
    });

    public static KnowledgeBase Instance => Loaded.Value;
}
