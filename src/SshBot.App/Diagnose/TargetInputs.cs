using SshBot.Diagnostics.Targets;

namespace SshBot.App.Diagnose;

/// <summary>Targets from the command line and from a targets file (one per line, '#' starts a comment), patterns expanded under one cap.</summary>
internal static class TargetInputs
{
    /// <summary>A targets file larger than this is refused before it is read.</summary>
    public const long MaxFileBytes = 4 * 1024 * 1024;

    /// <exception cref="TargetFormatException">A target or pattern is invalid, the total passes the cap, or the file cannot be read.</exception>
    public static IReadOnlyList<Target> Collect(IEnumerable<string> arguments, string? targetsFile)
    {
        var inputs = new List<string>(arguments);
        if (targetsFile is not null)
        {
            inputs.AddRange(ReadFile(targetsFile));
        }

        if (inputs.Count == 0)
        {
            throw new TargetFormatException("no target given: name a host, a pattern, or --targets FILE.");
        }

        return TargetPatterns.ExpandAll(inputs);
    }

    private static List<string> ReadFile(string path)
    {
        FileInfo file;
        try
        {
            file = new FileInfo(path);
            if (!file.Exists)
            {
                throw new TargetFormatException($"--targets: {path} does not exist.");
            }
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or UnauthorizedAccessException or PathTooLongException)
        {
            throw new TargetFormatException($"--targets: {path} cannot be opened ({e.Message})");
        }

        if (file.Length > MaxFileBytes)
        {
            throw new TargetFormatException($"--targets: {path} is larger than {MaxFileBytes / (1024 * 1024)} MB.");
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException e)
        {
            throw new TargetFormatException($"--targets: {path} cannot be read ({e.Message})", e);
        }

        var targets = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var hash = lines[i].IndexOf('#', StringComparison.Ordinal);
            var line = (hash >= 0 ? lines[i][..hash] : lines[i]).Trim();
            if (line.Length > 0)
            {
                targets.Add(line);
            }
        }

        return targets;
    }
}
