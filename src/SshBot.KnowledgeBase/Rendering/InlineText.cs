using System.Text;
using Markdig.Syntax.Inlines;

namespace SshBot.KnowledgeBase.Rendering;

/// <summary>The plain text of an inline container (headings, link labels).</summary>
internal static class InlineText
{
    public static string Of(ContainerInline? inline)
    {
        var text = new StringBuilder();
        Append(inline, text);
        return text.ToString();
    }

    private static void Append(Inline? inline, StringBuilder text)
    {
        switch (inline)
        {
            case null:
                return;
            case LiteralInline literal:
                text.Append(literal.Content.AsSpan());
                break;
            case CodeInline code:
                text.Append(code.Content);
                break;
            case LineBreakInline:
                text.Append(' ');
                break;
            case HtmlEntityInline entity:
                text.Append(entity.Transcoded.AsSpan());
                break;
            case AutolinkInline autolink:
                text.Append(autolink.Url);
                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    Append(child, text);
                }

                break;
        }
    }
}
