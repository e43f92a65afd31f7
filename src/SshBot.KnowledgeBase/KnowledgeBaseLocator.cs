namespace SshBot.KnowledgeBase;

/// <summary>Finds the default <c>kb/</c> folder for the CLI.</summary>
public static class KnowledgeBaseLocator
{
    public const string FolderName = "kb";

    /// <summary>
    /// The nearest <c>kb/</c> folder holding articles, walking up from the current directory and
    /// then from the application's base directory; null when there is none.
    /// </summary>
    public static string? FindDefault() =>
        FindFrom(Environment.CurrentDirectory) ?? FindFrom(AppContext.BaseDirectory);

    /// <summary>The nearest <c>kb/</c> folder holding <c>*.md</c> files at or above <paramref name="start"/>.</summary>
    public static string? FindFrom(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, FolderName);
            if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.md").Any())
            {
                return candidate;
            }
        }

        return null;
    }
}
