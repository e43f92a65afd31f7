using Markdig;

namespace SshBot.KnowledgeBase.Articles;

/// <summary>The one Markdig pipeline the knowledge base parses with: built once, immutable, shared.</summary>
public static class KbMarkdown
{
    public static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UsePreciseSourceLocation()
        .Build();
}
