namespace SshBot.KnowledgeBase.Tests.Support;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class Repository
{
    /// <summary>The folder holding SshBot.sln, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The real knowledge base.</summary>
    public static string KbDirectory => Path.Combine(Root, "kb");

    public static string Fixture(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SshBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SshBot.sln not found above " + AppContext.BaseDirectory);
    }
}
