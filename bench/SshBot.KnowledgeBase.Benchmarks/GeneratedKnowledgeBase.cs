using System.Text.RegularExpressions;

namespace SshBot.KnowledgeBase.Benchmarks;

/// <summary>Writes N realistic articles (the real ones, renamed, links reduced to text) into a temp folder.</summary>
internal static partial class GeneratedKnowledgeBase
{
    public static string Create(string realKb, int count)
    {
        var directory = Directory.CreateTempSubdirectory("sshbot-kb-bench-").FullName;
        var sources = Directory.GetFiles(realKb, "*.md")
            .Where(f => !string.Equals(Path.GetFileName(f), "README.md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();
        for (var i = 0; i < count; i++)
        {
            var source = sources[i % sources.Length];
            var id = IdLine().Match(source).Groups[1].Value + "-" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
            var text = IdLine().Replace(source, "id: " + id, 1);
            text = Link().Replace(text, "$1");
            File.WriteAllText(Path.Combine(directory, id + ".md"), text);
        }

        return directory;
    }

    [GeneratedRegex(@"^id: (\S+)$", RegexOptions.Multiline)]
    private static partial Regex IdLine();

    [GeneratedRegex(@"\[([^\]]+)\]\([a-z0-9-]+\.md\)")]
    private static partial Regex Link();
}
