using SshBot.KnowledgeBase.Linting;
using SshBot.KnowledgeBase.Reloading;
using SshBot.KnowledgeBase.Tests.Support;

namespace SshBot.KnowledgeBase.Tests.Reloading;

public sealed class KnowledgeBaseWatcherTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly string _directory = Directory.CreateTempSubdirectory("sshbot-kb-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Write(string id, string confidence, params string[] when) =>
        File.WriteAllText(Path.Combine(_directory, id + ".md"), TestKb.Article(id, confidence, when));

    private KnowledgeBaseWatcher Start()
    {
        var initial = KnowledgeBaseLoader.Load(_directory, LintOptions.NoRequiredIds).KnowledgeBase!;
        return new KnowledgeBaseWatcher(_directory, initial, LintOptions.NoRequiredIds, TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task AnEditedArticleIsSwappedInWithoutARestart()
    {
        Write("refused", "high", "- tcp.status == refused");
        using var watcher = Start();
        var reloaded = new TaskCompletionSource<KnowledgeBase>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Reloaded += (_, e) =>
        {
            if (e.KnowledgeBase.Articles.ContainsKey("timeout"))
            {
                reloaded.TrySetResult(e.KnowledgeBase);
            }
        };

        Write("timeout", "medium", "- tcp.status == timeout");
        var snapshot = await reloaded.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Same(snapshot, watcher.Current);
        Assert.Equal(["refused", "timeout"], watcher.Current.Articles.Keys.Order());
    }

    [Fact]
    public async Task ABrokenEditIsReportedAndTheOldSnapshotStays()
    {
        Write("refused", "high", "- tcp.status == refused");
        using var watcher = Start();
        var before = watcher.Current;
        var failed = new TaskCompletionSource<IReadOnlyList<LintProblem>>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.ReloadFailed += (_, e) => failed.TrySetResult(e.Problems);

        Write("refused", "high", "- tcp.status == refussed");
        var problems = await failed.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);

        var problem = Assert.Single(problems);
        Assert.Equal(Path.Combine(_directory, "refused.md"), problem.File);
        Assert.Equal(5, problem.Line);
        Assert.StartsWith("'refussed' is not a value of tcp.status", problem.Message, StringComparison.Ordinal);
        Assert.Same(before, watcher.Current);
        Assert.Equal("refused", watcher.Current.Match(new Obs().Text("tcp.status", "refused").Build()).Verdict?.Id);
    }

    [Fact]
    public void AnExplicitReloadSwapsInTheNewSnapshotAtOnce()
    {
        Write("refused", "high", "- tcp.status == refused");
        using var watcher = Start();
        Write("timeout", "medium", "- tcp.status == timeout");

        Assert.True(watcher.Reload());
        Assert.True(watcher.Current.Articles.ContainsKey("timeout"));
    }
}
