using SshBot.KnowledgeBase.Loading;

namespace SshBot.KnowledgeBase.Tests.Support;

/// <summary>Small in-memory knowledge bases for matcher tests.</summary>
internal static class TestKb
{
    /// <summary>The Markdown of an article with the given id, confidence and <c>when</c> YAML lines.</summary>
    public static string Article(string id, string confidence, params string[] when) => $"""
        ---
        id: {id}
        title: Title of {id}
        when:
        {string.Join("\n", when.Select(w => "  " + w))}
        confidence: {confidence}
        ---
        ## Symptoms
        s
        ## Diagnosis
        d
        ## Fix
        f
        ## Why it works
        w
        """;

    public static KnowledgeBase From(params string[] articles)
    {
        var parsed = articles.Select(text =>
        {
            var id = text.Split('\n').First(l => l.StartsWith("id: ", StringComparison.Ordinal))[4..].Trim();
            var result = ArticleReader.Read($"/kb/{id}.md", text);
            return result.Article ?? throw new InvalidOperationException(string.Join("\n", result.Problems));
        });
        return new KnowledgeBase("/kb", parsed, SshBot.KnowledgeBase.Overlay.KnowledgeBaseVersion.Of(0, []));
    }
}
