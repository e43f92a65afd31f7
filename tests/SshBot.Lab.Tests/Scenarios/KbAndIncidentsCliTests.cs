using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>The `kb` and `incidents` commands through the real command tree.</summary>
public sealed class KbAndIncidentsCliTests
{
    private static readonly string Kb = Path.Combine(Repository.Root, "kb");

    [Fact]
    public async Task KbLintPassesOnTheShippedKnowledgeBase()
    {
        var articles = Directory.GetFiles(Kb, "*.md").Count(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase));

        var run = await Sshbot.RunAsync("kb", "lint", Kb);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{articles} articles, no problems", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KbLintFailsOnABrokenArticleNamingTheFileAndLine()
    {
        var dir = Directory.CreateTempSubdirectory("sshbot-kb-").FullName;
        File.Copy(Path.Combine(Kb, "banner-timeout.md"), Path.Combine(dir, "banner-timeout.md"));
        File.WriteAllText(Path.Combine(dir, "broken.md"), "---\nid: broken\ntitle: Broken\nwhen:\n  - tcp.sttus == refused\nconfidence: high\n---\n## Symptoms\nx\n## Diagnosis\nx\n## Fix\nx\n## Why it works\nx\n");

        var run = await Sshbot.RunAsync("kb", "lint", dir);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("broken.md:5: ", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Contains("tcp.sttus", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KbShowRendersAnArticleAndAnUnknownIdIsAnInvalidInput()
    {
        var shown = await Sshbot.RunAsync("kb", "show", "maxstartups-throttling", "--kb", Kb);
        var unknown = await Sshbot.RunAsync("kb", "show", "no-such-article", "--kb", Kb);

        Assert.Equal(0, shown.ExitCode);
        Assert.Contains("MaxStartups", shown.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no-such-article", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiagnoseRefusesABrokenKnowledgeBaseWithOneLine()
    {
        var dir = Directory.CreateTempSubdirectory("sshbot-kb-").FullName;
        File.WriteAllText(Path.Combine(dir, "x.md"), "not an article");

        var run = await Sshbot.RunAsync("diagnose", "127.0.0.1:9", "--kb", dir, "--no-record");

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("kb lint", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABrokenKnowledgeBaseRecordsNoIncident()
    {
        var kbDir = Directory.CreateTempSubdirectory("sshbot-kb-").FullName;
        File.WriteAllText(Path.Combine(kbDir, "x.md"), "not an article");
        var dataDir = Directory.CreateTempSubdirectory("sshbot-incidents-").FullName;

        var run = await Sshbot.RunAsync("diagnose", "127.0.0.1:9", "--kb", kbDir, "--data-dir", dataDir);
        var list = await Sshbot.RunAsync("incidents", "list", "--data-dir", dataDir, "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("kb lint", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, list.ExitCode);
        Assert.Equal("[]", list.Stdout.Trim());
    }

    [Fact]
    public async Task IncidentsStatsCountsVerdictsAndBadInputChangesNothing()
    {
        var dataDir = Directory.CreateTempSubdirectory("sshbot-incidents-").FullName;
        await Sshbot.RunAsync("diagnose", "127.0.0.1:9", "--data-dir", dataDir);

        var stats = await Sshbot.RunAsync("incidents", "stats", "--data-dir", dataDir);
        var bad = await Sshbot.RunAsync("incidents", "list", "--since", "7x", "--data-dir", dataDir);
        var missing = await Sshbot.RunAsync("incidents", "show", "999", "--data-dir", dataDir);

        Assert.Equal(0, stats.ExitCode);
        Assert.Contains("sshd-not-listening", stats.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("7x", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
    }

    [Fact]
    public async Task ReadingHistoryNeverCreatesAStore()
    {
        var dataDir = Directory.CreateTempSubdirectory("sshbot-incidents-").FullName;

        var run = await Sshbot.RunAsync("incidents", "list", "--data-dir", dataDir);

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(Directory.GetFiles(dataDir));
    }
}
