using SshBot.KnowledgeBase.Articles;
using SshBot.KnowledgeBase.Linting;
using SshBot.KnowledgeBase.Overlay;

namespace SshBot.KnowledgeBase.Loading;

/// <summary>Reads every article of a directory (and the stored edits over it) and runs the checks that span files.</summary>
internal static class KnowledgeBaseReader
{
    /// <summary>The clean articles, every problem, and the version: the overlay's revision and the hash of every article text read.</summary>
    public sealed record Result(IReadOnlyList<Article> Articles, IReadOnlyList<LintProblem> Problems, KnowledgeBaseVersion Version);

    public static Result Read(string directory, LintOptions options) => Read(directory, KnowledgeOverlay.Empty, options);

    /// <summary>Reads the folder with the stored edits laid over it: a stored article wins over the file of its id.</summary>
    public static Result Read(string directory, KnowledgeOverlay overlay, LintOptions options)
    {
        if (!Directory.Exists(directory))
        {
            return new Result([], [new LintProblem(directory, 1, "knowledge-base directory not found")], KnowledgeBaseVersion.Of(overlay.Revision, []));
        }

        var texts = new List<(string Id, string Text)>();
        var parsed = new List<ParsedArticle>();
        foreach (var path in ArticleFiles(directory).Where(f => !overlay.Articles.ContainsKey(Path.GetFileNameWithoutExtension(f))))
        {
            parsed.Add(ReadFile(path, texts));
        }

        foreach (var stored in overlay.Articles.Values.Where(a => a.Text is not null).OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            texts.Add((stored.Id, stored.Text!));
            parsed.Add(ArticleReader.Read(stored.SourceName, stored.Text!));
        }

        var problems = parsed.SelectMany(p => p.Problems).ToList();
        CheckDuplicateIds(parsed, problems);
        CheckLinks(parsed, problems);
        CheckCauses(parsed, problems);
        var ids = parsed.Where(p => p.Id is not null).Select(p => p.Id!).ToHashSet(StringComparer.Ordinal);
        foreach (var required in options.RequiredIds.Where(r => !ids.Contains(r)))
        {
            var retired = overlay.Articles.TryGetValue(required, out var stored) && stored.Retired ? $" (retired in stored revision {stored.Revision})" : "";
            problems.Add(new LintProblem(Path.Combine(directory, required + ".md"), 1, $"required article '{required}' is missing{retired} (DESIGN §7)"));
        }

        var ordered = problems
            .OrderBy(p => p.File, StringComparer.Ordinal)
            .ThenBy(p => p.Line)
            .ToList();
        return new Result(
            parsed.Where(p => p.Article is not null).Select(p => p.Article!).ToList(),
            ordered,
            KnowledgeBaseVersion.Of(overlay.Revision, texts));
    }

    private static ParsedArticle ReadFile(string path, List<(string Id, string Text)> texts)
    {
        try
        {
            var text = File.ReadAllText(path);
            texts.Add((Path.GetFileNameWithoutExtension(path), text));
            return ArticleReader.Read(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file deleted or locked mid-edit: report it; the next change event retries.
            return new ParsedArticle(path, null, 1, null, [], [new LintProblem(path, 1, $"cannot read the file: {e.Message}")]);
        }
    }

    /// <summary>The article files of a directory: every <c>*.md</c> except a README.</summary>
    public static IEnumerable<string> ArticleFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.md")
            .Where(f => !ArticleIds.IsReservedFileName(Path.GetFileName(f)))
            .Order(StringComparer.Ordinal);

    private static void CheckDuplicateIds(List<ParsedArticle> parsed, List<LintProblem> problems)
    {
        foreach (var group in parsed.Where(p => p.Id is not null).GroupBy(p => p.Id!, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var duplicate in group.Skip(1))
            {
                problems.Add(new LintProblem(duplicate.Path, duplicate.IdLine, $"duplicate id '{group.Key}' (also in {Path.GetFileName(first.Path)})"));
            }
        }
    }

    private static void CheckLinks(List<ParsedArticle> parsed, List<LintProblem> problems)
    {
        var ids = parsed.Where(p => p.Id is not null).Select(p => p.Id!).ToHashSet(StringComparer.Ordinal);
        var files = parsed.Select(p => Path.GetFileNameWithoutExtension(p.Path)).ToHashSet(StringComparer.Ordinal);
        foreach (var article in parsed)
        {
            foreach (var link in article.Links)
            {
                var target = TargetId(link.Target);
                if (target.Length > 0 && !ids.Contains(target) && !files.Contains(target))
                {
                    problems.Add(new LintProblem(article.Path, link.Line, $"broken link to '{link.Target}': no article '{target}'"));
                }
            }
        }
    }

    /// <summary>A symptom's <c>causes:</c> must name articles of this base.</summary>
    private static void CheckCauses(List<ParsedArticle> parsed, List<LintProblem> problems)
    {
        var ids = parsed.Where(p => p.Id is not null).Select(p => p.Id!).ToHashSet(StringComparer.Ordinal);
        foreach (var article in parsed.Where(p => p.Article is not null))
        {
            foreach (var cause in article.Article!.Causes.Where(c => !ids.Contains(c)))
            {
                problems.Add(new LintProblem(article.Path, 1, $"causes: no article '{cause}'"));
            }
        }
    }

    /// <summary>The article id a relative link names: <c>./x.md#fix</c> is <c>x</c>; a bare <c>#fix</c> is empty.</summary>
    internal static string TargetId(string url)
    {
        var target = url;
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            target = target[..hash];
        }

        if (target.StartsWith("./", StringComparison.Ordinal))
        {
            target = target[2..];
        }

        return target.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? target[..^3] : target;
    }
}
