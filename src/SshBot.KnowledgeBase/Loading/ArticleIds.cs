using System.Text.RegularExpressions;

namespace SshBot.KnowledgeBase.Loading;

/// <summary>
/// Which ids the loader loads: the article in <c>ID.md</c> is loaded when ID has the id form
/// (lowercase words joined by single '-') and ID.md is not the folder's README. An editor asks
/// here first, so it never says "Added" for an article that would never be loaded.
/// </summary>
public static partial class ArticleIds
{
    public const int MaxLength = 64;

    /// <summary>Null when an article with this id in <c>ID.md</c> would be loaded; otherwise why not, in one line.</summary>
    public static string? WhyNotLoadable(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length > MaxLength || !IdForm().IsMatch(id))
        {
            return $"'{Shown(id)}' is not an article id: it must be lowercase letters and digits in words joined by single '-' (e.g. sshd-not-listening), at most {MaxLength} characters, and the file is named after it.";
        }

        if (IsReservedFileName(id + ".md"))
        {
            return $"'{id}' cannot be an article id: {id}.md is the knowledge base's README, which is never loaded as an article.";
        }

        return null;
    }

    /// <summary>A file of the knowledge-base folder that is never an article.</summary>
    public static bool IsReservedFileName(string fileName) => string.Equals(fileName, "README.md", StringComparison.OrdinalIgnoreCase);

    private static string Shown(string id) => new(id.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdForm();
}
