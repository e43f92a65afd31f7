using SshBot.KnowledgeBase.Linting;
using SshBot.KnowledgeBase.Overlay;
using SshBot.KnowledgeBase.Reloading;
using SshBot.KnowledgeBase.Tests.Support;

namespace SshBot.KnowledgeBase.Tests.Reloading;

/// <summary>The watcher polls the store for a newer revision of the edits made from chat and serves it without a restart.</summary>
public sealed class StoredEditsWatcherTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly string _directory = Directory.CreateTempSubdirectory("sshbot-kb-").FullName;
    private readonly InMemoryEdits _edits = new();

    public StoredEditsWatcherTests() =>
        File.WriteAllText(Path.Combine(_directory, "refused.md"), TestKb.Article("refused", "high", "- tcp.status == refused"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private KnowledgeBaseWatcher Start()
    {
        var initial = KnowledgeBaseLoader.Load(_directory, LintOptions.NoRequiredIds).KnowledgeBase!;
        return new KnowledgeBaseWatcher(_directory, initial, LintOptions.NoRequiredIds, TimeSpan.FromMilliseconds(50), _edits, TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task ANewerStoredRevisionIsServedWithoutARestart()
    {
        using var watcher = Start();
        var reloaded = Waiting<KnowledgeBase>(out var done);
        watcher.Reloaded += (_, e) => done(e.KnowledgeBase);

        _edits.Store(new StoredArticle("timeout", 1, TestKb.Article("timeout", "medium", "- tcp.status == timeout")));
        var snapshot = await reloaded.WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Same(snapshot, watcher.Current);
        Assert.Equal(["refused", "timeout"], watcher.Current.Articles.Keys.Order());
        Assert.Equal(1, watcher.Current.Version.Revision);
        Assert.Empty(watcher.Problems);
    }

    [Fact]
    public async Task AStoredRevisionThatBreaksTheKnowledgeBaseIsReportedOnceAndTheLastGoodVersionStays()
    {
        using var watcher = Start();
        var before = watcher.Current;
        var failures = 0;
        var failed = Waiting<IReadOnlyList<LintProblem>>(out var done);
        watcher.ReloadFailed += (_, e) =>
        {
            Interlocked.Increment(ref failures);
            done(e.Problems);
        };

        _edits.Store(new StoredArticle("refused", 1, TestKb.Article("refused", "high", "- tcp.status == refussed")));
        var problems = await failed.WaitAsync(Patience, TestContext.Current.CancellationToken);
        // Later polls see the same revision: they must not reload, nor report again.
        await _edits.PolledAsync(times: 5).WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Equal("store:r1/refused.md", Assert.Single(problems).File);
        Assert.Same(before, watcher.Current);
        Assert.Equal(problems, watcher.Problems);
        Assert.Equal(1, failures);
        Assert.Equal(1, _edits.Reads);
    }

    [Fact]
    public async Task AStoreThatCannotBeReadIsReportedOnceAndTheLastGoodVersionStays()
    {
        using var watcher = Start();
        var before = watcher.Current;
        var failures = 0;
        var failed = Waiting<IReadOnlyList<LintProblem>>(out var done);
        watcher.ReloadFailed += (_, e) =>
        {
            Interlocked.Increment(ref failures);
            done(e.Problems);
        };

        _edits.Fail = true;
        var problems = await failed.WaitAsync(Patience, TestContext.Current.CancellationToken);
        await _edits.PolledAsync(times: 5).WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Equal(1, failures);
        Assert.StartsWith("the stored knowledge-base edits could not be read: the store is down", Assert.Single(problems).Message, StringComparison.Ordinal);
        Assert.Same(before, watcher.Current);
    }

    [Fact]
    public async Task WhenTheStoreAnswersAgainTheProblemItLeftIsCleared()
    {
        using var watcher = Start();
        var failed = Waiting<IReadOnlyList<LintProblem>>(out var fail);
        watcher.ReloadFailed += (_, e) => fail(e.Problems);
        _edits.Fail = true;
        await failed.WaitAsync(Patience, TestContext.Current.CancellationToken);
        var reloaded = Waiting<KnowledgeBase>(out var done);
        watcher.Reloaded += (_, e) => done(e.KnowledgeBase);

        _edits.Fail = false;
        await reloaded.WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Empty(watcher.Problems);
    }

    private static Task<T> Waiting<T>(out Action<T> done)
    {
        var source = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        done = value => source.TrySetResult(value);
        return source.Task;
    }

    /// <summary>A store of edits in memory, counting polls and reads.</summary>
    private sealed class InMemoryEdits : IKnowledgeOverlaySource
    {
        private readonly Lock _lock = new();
        private KnowledgeOverlay _overlay = KnowledgeOverlay.Empty;
        private int _polls;
        private int _pollTarget = int.MaxValue;
        private TaskCompletionSource _polled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _reads;

        public bool Fail { get; set; }

        public int Reads => Volatile.Read(ref _reads);

        public void Store(StoredArticle article)
        {
            lock (_lock)
            {
                _overlay = _overlay.With(article.Id, article.Text, article.Revision);
            }
        }

        /// <summary>Completes once the watcher has polled <paramref name="times"/> more times.</summary>
        public Task PolledAsync(int times)
        {
            lock (_lock)
            {
                _polled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _pollTarget = _polls + times;
                return _polled.Task;
            }
        }

        public Task<long> LatestRevisionAsync(CancellationToken ct)
        {
            lock (_lock)
            {
                if (++_polls >= _pollTarget)
                {
                    _polled.TrySetResult();
                }

                return Fail ? Task.FromException<long>(new IOException("the store is down")) : Task.FromResult(_overlay.Revision);
            }
        }

        public Task<KnowledgeOverlay> ReadAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref _reads);
            lock (_lock)
            {
                return Fail ? Task.FromException<KnowledgeOverlay>(new IOException("the store is down")) : Task.FromResult(_overlay);
            }
        }
    }
}
