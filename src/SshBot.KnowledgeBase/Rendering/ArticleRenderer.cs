using System.Text;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using SshBot.KnowledgeBase.Articles;

namespace SshBot.KnowledgeBase.Rendering;

/// <summary>
/// Renders article sections from their Markdig tree into one chat or terminal dialect. Raw HTML is
/// dropped, and links other than http, https and mailto are reduced to their text, so no output
/// carries script. Subclasses supply only the markup.
/// </summary>
public abstract class ArticleRenderer
{
    /// <summary>The whole article: its title, then every section with its heading.</summary>
    public string Render(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var text = new StringBuilder();
        text.Append(Title(Escape(article.Title))).Append("\n\n");
        foreach (var section in article.Sections)
        {
            text.Append(RenderSection(section)).Append("\n\n");
        }

        return text.ToString().TrimEnd() + "\n";
    }

    /// <summary>One section: its heading, then its content.</summary>
    public string RenderSection(ArticleSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Heading(Escape(section.Title)) + "\n" + RenderBlocks(section.Content);
    }

    /// <summary>
    /// Any Markdown text (e.g. an article draft or a fragment that was never linted), parsed with
    /// the shared pipeline. The same safety rules apply: no HTML, no script links.
    /// </summary>
    public string RenderMarkdown(string markdown) =>
        RenderBlocks(Markdig.Markdown.Parse(markdown ?? "", KbMarkdown.Pipeline));

    /// <summary>A block container (a section's content) without any heading.</summary>
    public string RenderBlocks(ContainerBlock blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var text = new StringBuilder();
        AppendBlocks(blocks, text, 0);
        return text.ToString().TrimEnd();
    }

    /// <summary>Escapes literal text so the target does not read it as markup.</summary>
    protected abstract string Escape(string text);

    protected abstract string Title(string text);

    protected abstract string Heading(string text);

    protected abstract string Bold(string inner);

    protected abstract string Italic(string inner);

    /// <summary>Inline code; <paramref name="code"/> is raw, not yet escaped.</summary>
    protected abstract string Code(string code);

    /// <summary>A code block; <paramref name="code"/> is raw, not yet escaped.</summary>
    protected abstract string CodeBlock(string code, string? language);

    /// <summary>A safe external link; <paramref name="text"/> is already rendered.</summary>
    protected abstract string Link(string url, string text);

    protected virtual string QuoteLine(string line) => "> " + line;

    protected virtual string Bullet(int depth) => new string(' ', depth * 2) + "- ";

    protected virtual string Numbered(int depth, int number) => new string(' ', depth * 2) + number + ". ";

    private void AppendBlocks(ContainerBlock container, StringBuilder text, int depth)
    {
        foreach (var block in container)
        {
            AppendBlock(block, text, depth);
        }
    }

    private void AppendBlock(Block block, StringBuilder text, int depth)
    {
        switch (block)
        {
            case YamlFrontMatterBlock or HtmlBlock or LinkReferenceDefinitionGroup or LinkReferenceDefinition:
                return;
            case HeadingBlock heading:
                text.Append(Heading(Inlines(heading.Inline))).Append("\n\n");
                break;
            case ParagraphBlock paragraph:
                text.Append(Inlines(paragraph.Inline).Trim()).Append("\n\n");
                break;
            case FencedCodeBlock fenced:
                text.Append(CodeBlock(CodeOf(fenced), fenced.Info)).Append("\n\n");
                break;
            case CodeBlock code:
                text.Append(CodeBlock(CodeOf(code), null)).Append("\n\n");
                break;
            case ListBlock list:
                AppendList(list, text, depth);
                if (depth == 0)
                {
                    text.Append('\n');
                }

                break;
            case QuoteBlock quote:
                var inner = new StringBuilder();
                AppendBlocks(quote, inner, depth);
                foreach (var line in inner.ToString().TrimEnd().Split('\n'))
                {
                    text.Append(QuoteLine(line)).Append('\n');
                }

                text.Append('\n');
                break;
            case ThematicBreakBlock:
                text.Append("----\n\n");
                break;
            case ContainerBlock other:
                AppendBlocks(other, text, depth);
                break;
            case LeafBlock leaf:
                text.Append(Escape(leaf.Lines.ToString())).Append("\n\n");
                break;
        }
    }

    private void AppendList(ListBlock list, StringBuilder text, int depth)
    {
        var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var marker = list.IsOrdered ? Numbered(depth, number++) : Bullet(depth);
            var body = new StringBuilder();
            foreach (var child in item)
            {
                if (child is ListBlock nested)
                {
                    body.Append('\n');
                    AppendList(nested, body, depth + 1);
                }
                else
                {
                    AppendBlock(child, body, depth + 1);
                }
            }

            var rendered = body.ToString().Trim('\n').Replace("\n\n", "\n", StringComparison.Ordinal);
            text.Append(marker).Append(rendered).Append('\n');
        }
    }

    private string Inlines(ContainerInline? container)
    {
        var text = new StringBuilder();
        if (container is null)
        {
            return "";
        }

        foreach (var inline in container)
        {
            text.Append(Inline(inline));
        }

        return text.ToString();
    }

    private string Inline(Inline inline) => inline switch
    {
        LiteralInline literal => Escape(literal.Content.ToString()),
        CodeInline code => Code(code.Content),
        EmphasisInline { DelimiterCount: >= 2 } strong => Bold(Inlines(strong)),
        EmphasisInline emphasis => Italic(Inlines(emphasis)),
        LinkInline { IsImage: true } image => Escape(InlineText.Of(image)),
        LinkInline link => LinkOrText(link.Url ?? "", Inlines(link)),
        AutolinkInline autolink => LinkOrText(autolink.Url, Escape(autolink.Url)),
        LineBreakInline { IsHard: true } => "\n",
        LineBreakInline => " ",
        HtmlEntityInline entity => Escape(entity.Transcoded.ToString()),
        HtmlInline => "",
        ContainerInline container => Inlines(container),
        _ => "",
    };

    private string LinkOrText(string url, string text) =>
        LinkSafety.IsExternal(url) ? Link(url, text.Length > 0 ? text : Escape(url)) : text;

    private static string CodeOf(LeafBlock block) => block.Lines.ToString().TrimEnd('\n');
}
