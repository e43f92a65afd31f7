using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using SshBot.KnowledgeBase.Articles;
using SshBot.KnowledgeBase.Conditions;
using SshBot.KnowledgeBase.Linting;
using SshBot.KnowledgeBase.Rendering;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SshBot.KnowledgeBase.Loading;

/// <summary>Reads one article file: YAML front matter, compiled conditions, sections, links.</summary>
internal static partial class ArticleReader
{
    private static readonly string[] KnownFields = ["id", "title", "when", "confidence", "tags"];

    public static ParsedArticle Read(string path, string text)
    {
        var problems = new List<LintProblem>();
        void Problem(int line, string message) => problems.Add(new LintProblem(path, line, message));

        var document = Markdown.Parse(text, KbMarkdown.Pipeline);
        var links = CollectLinks(document, LineStarts(text), Problem);
        var front = document.Count > 0 ? document[0] as YamlFrontMatterBlock : null;
        var fields = front is null ? null : ReadFrontMatter(front, Problem);
        if (front is null)
        {
            Problem(1, "missing front matter: the file must start with a '---' YAML block");
        }
        else
        {
            document.Remove(front);
        }

        var sections = ReadSections(document, Problem);
        string? id = null;
        var idLine = 1;
        Article? article = null;
        if (fields is not null)
        {
            (id, idLine) = (fields.Id, fields.IdLine);
            if (id is not null && !string.Equals(id, System.IO.Path.GetFileNameWithoutExtension(path), StringComparison.Ordinal))
            {
                Problem(fields.IdLine, $"id '{id}' does not match the file name '{System.IO.Path.GetFileName(path)}'");
            }

            if (problems.Count == 0)
            {
                article = new Article(fields.Id!, fields.Title!, fields.Confidence, fields.Tags, sections, path, fields.When!);
            }
        }

        problems.Sort((a, b) => a.Line.CompareTo(b.Line));
        return new ParsedArticle(path, id, idLine, article, links, problems);
    }

    private sealed record FrontMatter(string? Id, int IdLine, string? Title, Confidence Confidence, IReadOnlyList<string> Tags, Condition? When);

    private static FrontMatter? ReadFrontMatter(YamlFrontMatterBlock front, Action<int, string> problem)
    {
        // YAML line 1 is the line after the opening '---'.
        var firstLine = front.Line + 1;
        int LineOf(Mark mark) => firstLine + (int)mark.Line;
        int NodeLine(YamlNode node) => LineOf(node.Start);

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(front.Lines.ToString()));
        }
        catch (YamlException e)
        {
            problem(LineOf(e.Start), $"unparseable front matter: {YamlMessage().Replace(e.Message, "")}");
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            problem(front.Line + 1, "unparseable front matter: it must be a YAML mapping (id:, title:, when:, confidence:, tags:)");
            return null;
        }

        var map = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in root.Children)
        {
            var name = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!KnownFields.Contains(name))
            {
                problem(NodeLine(keyNode), $"unknown front-matter field '{name}' (expected {string.Join(", ", KnownFields)})");
            }

            map[name] = value;
        }

        string? Scalar(string name)
        {
            if (!map.TryGetValue(name, out var node))
            {
                problem(front.Line + 1, $"missing '{name}' in front matter");
                return null;
            }

            if (node is not YamlScalarNode { Value: { Length: > 0 } value })
            {
                problem(NodeLine(node), $"'{name}' must be a non-empty string");
                return null;
            }

            return value.Trim();
        }

        var id = Scalar("id");
        var idLine = map.TryGetValue("id", out var idNode) ? NodeLine(idNode) : front.Line + 1;
        if (id is not null && !IdForm().IsMatch(id))
        {
            problem(idLine, $"id '{id}' must be lowercase words joined by '-' (e.g. sshd-not-listening)");
        }

        var title = Scalar("title");
        if (title is not null && TitleRules.Problem(title) is { } titleProblem)
        {
            problem(NodeLine(map["title"]), titleProblem);
        }

        var confidenceText = Scalar("confidence");
        var confidence = Confidence.Low;
        if (confidenceText is not null && !TryConfidence(confidenceText, out confidence))
        {
            problem(NodeLine(map["confidence"]), $"confidence '{confidenceText}' must be high, medium or low");
        }

        var tags = ReadTags(map, NodeLine, problem);
        Condition? when = null;
        if (!map.TryGetValue("when", out var whenNode))
        {
            problem(front.Line + 1, "missing 'when' in front matter");
        }
        else
        {
            var compiler = new WhenCompiler(NodeLine);
            when = compiler.Compile(whenNode);
            foreach (var (line, message) in compiler.Problems)
            {
                problem(line, message);
            }
        }

        return new FrontMatter(id, idLine, title, confidence, tags, when);
    }

    private static string[] ReadTags(Dictionary<string, YamlNode> map, Func<YamlNode, int> lineOf, Action<int, string> problem)
    {
        if (!map.TryGetValue("tags", out var node))
        {
            return [];
        }

        if (node is YamlSequenceNode list && list.Children.All(c => c is YamlScalarNode))
        {
            return list.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToArray();
        }

        problem(lineOf(node), "'tags' must be a list of words, e.g. [server, load]");
        return [];
    }

    private static bool TryConfidence(string text, out Confidence confidence)
    {
        (var ok, confidence) = text switch
        {
            "high" => (true, Confidence.High),
            "medium" => (true, Confidence.Medium),
            "low" => (true, Confidence.Low),
            _ => (false, Confidence.Low),
        };
        return ok;
    }

    private static ArticleSection[] ReadSections(MarkdownDocument document, Action<int, string> problem)
    {
        var sections = new List<ArticleSection>();
        var blocks = document.ToList();
        document.Clear();
        MarkdownDocument? current = null;
        foreach (var block in blocks)
        {
            if (block is HeadingBlock { Level: 2 } heading)
            {
                var title = InlineText.Of(heading.Inline).Trim();
                var line = heading.Line + 1;
                if (sections.Any(s => string.Equals(s.Title, title, StringComparison.OrdinalIgnoreCase)))
                {
                    problem(line, $"section '{title}' appears twice");
                }

                current = new MarkdownDocument();
                sections.Add(new ArticleSection(title, line, current));
            }
            else
            {
                current?.Add(block);
            }
        }

        foreach (var required in SectionNames.Required)
        {
            var section = sections.FirstOrDefault(s => string.Equals(s.Title, required, StringComparison.OrdinalIgnoreCase));
            if (section is null)
            {
                problem(1, $"missing required section '## {required}'");
            }
            else if (section.Content.Count == 0)
            {
                problem(section.Line, $"section '{required}' is empty");
            }
        }

        return sections.ToArray();
    }

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static List<ArticleLink> CollectLinks(MarkdownDocument document, List<int> lineStarts, Action<int, string> problem)
    {
        var links = new List<ArticleLink>();
        foreach (var link in document.Descendants<LinkInline>())
        {
            var url = link.Url ?? "";

            // Inline line numbers are not tracked; the precise span start is, so map it to a line.
            var index = lineStarts.BinarySearch(link.Span.Start);
            var line = (index >= 0 ? index : ~index - 1) + 1;
            if (!LinkSafety.IsSafe(url))
            {
                problem(line, $"link to '{url}' uses a scheme that is never rendered (only http, https and mailto are)");
            }
            else if (LinkSafety.IsRelative(url) && !link.IsImage)
            {
                links.Add(new ArticleLink(url, line));
            }
        }

        return links;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant)]
    private static partial Regex YamlMessage();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdForm();
}
