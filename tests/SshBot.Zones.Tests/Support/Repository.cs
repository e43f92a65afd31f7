namespace SshBot.Zones.Tests.Support;

/// <summary>Finds the repository the tests were built from (the folder holding SshBot.sln).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SshBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No SshBot.sln above {AppContext.BaseDirectory}.");
    }
}
