using SshBot.Chat.Running;
using SshBot.Incidents;
using SshBot.Incidents.Knowledge;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>
/// The `kb` commands see the effective knowledge base: the kb/ folder with the edits stored from
/// chat over it (here stored in a SQLite store of the test's own, as `serve` would store them).
/// </summary>
public sealed class KbStoredEditsCliTests : IDisposable
{
    private static readonly string Kb = Path.Combine(Repository.Root, "kb");
    private readonly string _data = Directory.CreateTempSubdirectory("sshbot-kb-store-").FullName;
    private readonly string _checkout = Directory.CreateTempSubdirectory("sshbot-kb-checkout-").FullName;

    public void Dispose()
    {
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_checkout, recursive: true);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int FolderArticles => Directory.GetFiles(Kb, "*.md").Count(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task ListShowAndLintSeeTheStoredEditsAndHistoryListsThemInOrder()
    {
        await EditAsync(Kb, ("add", NewArticle("new-cause")), ("replace", Healthy("Edited from chat.")));

        var list = await Sshbot.RunAsync("kb", "list", "--kb", Kb, "--data-dir", _data);
        var show = await Sshbot.RunAsync("kb", "show", "healthy", "--kb", Kb, "--data-dir", _data);
        var lint = await Sshbot.RunAsync("kb", "lint", Kb, "--data-dir", _data);
        var folderOnly = await Sshbot.RunAsync("kb", "lint", Kb, "--data-dir", _data, "--folder-only");
        var history = await Sshbot.RunAsync("kb", "history", "--data-dir", _data);

        Assert.Equal(0, list.ExitCode);
        Assert.Contains("new-cause", list.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"knowledge base r2-[0-9a-f]{12}", list.Stdout);
        Assert.Contains("Edited from chat.", show.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{FolderArticles + 1} articles, no problems (version r2-", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{FolderArticles} articles, no problems (version r0-", folderOnly.Stdout, StringComparison.Ordinal);
        var lines = history.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^r1  \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ  add      new-cause  slack:T1:U_ADMIN$", lines[0]);
        Assert.Matches(@"^r2  .*  replace  healthy  slack:T1:U_ADMIN$", lines[1]);
    }

    [Fact]
    public async Task DiagnoseNamesTheKnowledgeBaseVersionInItsJsonAndTheIncidentKeepsIt()
    {
        await EditAsync(Kb, ("replace", Healthy("Edited from chat.")));
        var list = await Sshbot.RunAsync("kb", "list", "--kb", Kb, "--data-dir", _data);
        var version = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]["knowledge base ".Length..];

        var run = await Sshbot.RunAsync("diagnose", "127.0.0.1:9", "--json", "--kb", Kb, "--data-dir", _data, "--path-connects", "0");
        var incidents = await Sshbot.RunAsync("incidents", "list", "--data-dir", _data, "--json");
        var id = incidents.Json[0].GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var shown = await Sshbot.RunAsync("incidents", "show", id, "--data-dir", _data, "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("r1-", version, StringComparison.Ordinal);
        Assert.Equal(version, run.Json.GetProperty("knowledgeBase").GetProperty("version").GetString());
        Assert.Equal(version, shown.Json.GetProperty("diagnoses")[0].GetProperty("knowledgeBaseVersion").GetString());
    }

    [Fact]
    public async Task ExportWritesTheEffectiveArticlesBackAsFilesWithTheSameContentHash()
    {
        CopyFolder(Kb, _checkout);
        await EditAsync(_checkout, ("add", NewArticle("new-cause")), ("replace", Healthy("Edited from chat.")), ("retire", "new-cause"), ("add", NewArticle("other-cause")));
        var effective = await Sshbot.RunAsync("kb", "lint", _checkout, "--data-dir", _data);

        var export = await Sshbot.RunAsync("kb", "export", _checkout, "--kb", _checkout, "--data-dir", _data);
        var exported = await Sshbot.RunAsync("kb", "lint", _checkout, "--folder-only");

        Assert.Equal(0, export.ExitCode);
        Assert.True(File.Exists(Path.Combine(_checkout, "other-cause.md")));
        Assert.False(File.Exists(Path.Combine(_checkout, "new-cause.md")));
        Assert.Contains("Edited from chat.", await File.ReadAllTextAsync(Path.Combine(_checkout, "healthy.md"), Ct), StringComparison.Ordinal);
        // The files now hold exactly the effective articles: the same hash, at revision 0.
        Assert.Equal(Hash(effective.Stdout), Hash(exported.Stdout));
        Assert.Contains("(version r0-", exported.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevertGoesBackToTheFoldersFileAndAnUnknownRevisionChangesNothing()
    {
        await EditAsync(Kb, ("replace", Healthy("Edited from chat.")));

        var unknown = await Sshbot.RunAsync("kb", "revert", "healthy", "99", "--kb", Kb, "--data-dir", _data);
        var revert = await Sshbot.RunAsync("kb", "revert", "healthy", "0", "--kb", Kb, "--data-dir", _data);
        var show = await Sshbot.RunAsync("kb", "show", "healthy", "--kb", Kb, "--data-dir", _data);
        var history = await Sshbot.RunAsync("kb", "history", "healthy", "--data-dir", _data);

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Revision 99 is not a revision of healthy", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, revert.ExitCode);
        Assert.Equal("Reverted healthy to the kb/ folder's file (revision 2).", revert.Stdout.Trim());
        Assert.DoesNotContain("Edited from chat.", show.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, history.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("revert (to the kb/ file)", history.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistoryWithNoStoreSaysTheFolderIsTheWholeKnowledgeBaseAndCreatesNoStore()
    {
        var history = await Sshbot.RunAsync("kb", "history", "--data-dir", _data);

        Assert.Equal(0, history.ExitCode);
        Assert.Contains("No knowledge-base edits are stored", history.Stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_data));
    }

    /// <summary>Stores edits as an admin would from chat, through the same editor `serve` uses.</summary>
    private async Task EditAsync(string folder, params (string Verb, string Argument)[] edits)
    {
        await using var store = await IncidentStoreFactory.CreateAsync(new IncidentStoreOptions { DataDirectory = _data }, ct: Ct);
        var editor = new StoredKnowledgeBaseEditor(folder, (IKnowledgeRevisions)store, _ => Task.FromResult(true));
        foreach (var (verb, argument) in edits)
        {
            var outcome = await editor.EditAsync(verb, argument, "slack:T1:U_ADMIN", Ct);
            Assert.True(outcome.Accepted, outcome.Message);
        }
    }

    private static string Hash(string lintOutput) =>
        System.Text.RegularExpressions.Regex.Match(lintOutput, @"version r\d+-([0-9a-f]{12})").Groups[1].Value is { Length: 12 } hash
            ? hash
            : throw new InvalidOperationException($"no version in: {lintOutput}");

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*.md"))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    private static string Healthy(string extra) =>
        File.ReadAllText(Path.Combine(Kb, "healthy.md"))
            .Replace("Nothing needs to change on the server.", "Nothing needs to change on the server. " + extra, StringComparison.Ordinal);

    private static string NewArticle(string id) => $"""
        ---
        id: {id}
        title: A cause added from chat
        when:
          - tcp.status == refused
        confidence: low
        ---
        ## Symptoms
        It fails.
        ## Diagnosis
        It is refused.
        ## Fix
        Do the thing.
        ## Why it works
        Because.
        """;
}
