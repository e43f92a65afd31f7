using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace SshBot.Chat.Teams;

/// <summary>
/// A Teams message's text as its author typed it. Teams delivers a message with any formatting as
/// HTML: lines as <c>&lt;p&gt;</c> or <c>&lt;br&gt;</c>, a pasted log as <c>&lt;pre&gt;</c> or
/// <c>&lt;code&gt;</c>, characters as entities. Read raw, a pasted log is one line of tags and no log.
/// Lines become lines again, code blocks become Markdown fences and inline code backticks (the
/// form the conversation reads a paste in), and everything else is the text it shows.
/// </summary>
public static partial class TeamsText
{
    /// <summary>More than Teams accepts in one message; anything past it is not read.</summary>
    public const int MaxChars = 64 * 1024;

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "ul", "ol", "tr", "table", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "section", "article",
    };

    private static readonly HashSet<string> Hidden = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "template", "head", "title" };

    /// <summary>Plain text of the message; text without markup comes back unchanged.</summary>
    public static string ToPlain(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (!Markup().IsMatch(text))
        {
            // Plain text: only entities to undo. Angle brackets that open no tag Teams writes
            // ("ssh <host>") are the author's own characters and stay.
            return text.Contains('&', StringComparison.Ordinal) ? WebUtility.HtmlDecode(text) : text;
        }

        var parser = new HtmlParser();
        var document = parser.ParseDocument("");
        var nodes = parser.ParseFragment(text.Length > MaxChars ? text[..MaxChars] : text, document.Body!);
        var output = new StringBuilder(text.Length);

        // Depth-first without recursion: a message of deeply nested tags cannot exhaust the stack.
        // Strings on the stack are text to write once an element's children are done.
        var pending = new Stack<object>();
        for (var i = nodes.Length - 1; i >= 0; i--)
        {
            pending.Push(nodes[i]);
        }

        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case string after:
                    Write(output, after);
                    break;
                case IText node:
                    Write(output, node.Data.Replace('\u00A0', ' '));
                    break;
                case IElement element:
                    Open(element, output, pending);
                    break;
            }
        }

        return output.ToString().Trim('\n');
    }

    private static void Open(IElement element, StringBuilder output, Stack<object> pending)
    {
        var name = element.LocalName;
        if (Hidden.Contains(name))
        {
            return;
        }

        switch (name)
        {
            case "br":
                Write(output, "\n");
                return;
            case "img":
                Write(output, element.GetAttribute("alt") ?? "");
                return;
            case "pre" or "codeblock" or "code":
                // A block as it was pasted, fenced (a fence inside it cannot end it early); code
                // on one line outside a block stays inline.
                var code = BlockText(element);
                if (name == "code" && !code.Contains('\n', StringComparison.Ordinal))
                {
                    Write(output, "`" + code + "`");
                    return;
                }

                LineBreak(output);
                Write(output, "```\n" + code.Replace("```", "'''", StringComparison.Ordinal).Trim('\n') + "\n```\n");
                return;
        }

        var block = Blocks.Contains(name);
        if (block)
        {
            LineBreak(output);
            pending.Push("\n");
        }

        for (var i = element.ChildNodes.Length - 1; i >= 0; i--)
        {
            pending.Push(element.ChildNodes[i]);
        }
    }

    /// <summary>The text of a code element with its line breaks, whether written as newlines, <c>&lt;br&gt;</c> or one element per line.</summary>
    private static string BlockText(IElement element)
    {
        var text = new StringBuilder();
        foreach (var node in element.Descendants())
        {
            if (node is IText t)
            {
                text.Append(t.Data.Replace('\u00A0', ' '));
            }
            else if (node is IElement e && (e.LocalName == "br" || Blocks.Contains(e.LocalName)) && text.Length > 0 && text[^1] != '\n')
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }

    private static void LineBreak(StringBuilder output)
    {
        if (output.Length > 0 && output[^1] != '\n')
        {
            output.Append('\n');
        }
    }

    private static void Write(StringBuilder output, string text)
    {
        // One line break closes a block; a second in a row would only add an empty line.
        if (text == "\n" && output.Length > 0 && output[^1] == '\n')
        {
            return;
        }

        output.Append(text);
    }

    // The tags Teams writes for formatting; any of them makes the text HTML.
    [GeneratedRegex(@"<(p|div|br|pre|codeblock|code|span|strong|em|b|i|u|s|strike|a|img|ul|ol|li|blockquote|table|tr|td|th|h[1-6]|hr)\b[^<>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Markup();
}
