using SshBot.KnowledgeBase.Articles;
using SshBot.KnowledgeBase.Linting;

namespace SshBot.KnowledgeBase.Loading;

/// <summary>Reads every article of a directory and runs the checks that span files.</summary>
internal static class KnowledgeBaseReader
{
    public sealed record Result(IReadOnlyList<Article> Articles, IReadOnlyList<LintProblem> Problems);

    public static Result Read(string directory, LintOptions options)
    {
        if (!Directory.Exists(directory))
        {
            return new Result([], [new LintProblem(directory, 1, "knowledge-base directory not found")]);
        }

        var parsed = ArticleFiles(directory)
            .Select(ReadFile)
            .ToList();
        var problems = parsed.SelectMany(p => p.Problems).ToList();
        CheckDuplicateIds(parsed, problems);
        CheckLinks(parsed, problems);
        var ids = parsed.Where(p => p.Id is not null).Select(p => p.Id!).ToHashSet(StringComparer.Ordinal);
        foreach (var required in options.RequiredIds.Where(r => !ids.Contains(r)))
        {
            problems.Add(new LintProblem(Path.Combine(directory, required + ".md"), 1, $"required article '{required}' is missing (DESIGN §7)"));
        }

        var ordered = problems
            .OrderBy(p => p.File, StringComparer.Ordinal)
            .ThenBy(p => p.Line)
            .ToList();
        return new Result(parsed.Where(p => p.Article is not null).Select(p => p.Article!).ToList(), ordered);
    }

    private static ParsedArticle ReadFile(string path)
    {
        try
        {
            return ArticleReader.Read(path, File.ReadAllText(path));
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
