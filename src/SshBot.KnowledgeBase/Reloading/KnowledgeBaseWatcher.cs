using SshBot.KnowledgeBase.Linting;

namespace SshBot.KnowledgeBase.Reloading;

/// <summary>
/// Holds the current knowledge-base snapshot and reloads it when the directory changes: a burst
/// of file events is debounced into one reload, and a new snapshot is swapped in only when the
/// whole directory lints clean. Otherwise <see cref="ReloadFailed"/> reports the problems and the
/// previous snapshot keeps serving.
/// </summary>
public sealed class KnowledgeBaseWatcher : IDisposable
{
    private readonly string _directory;
    private readonly LintOptions _options;
    private readonly TimeSpan _debounce;
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _timer;
    private readonly Lock _reloadLock = new();
    private KnowledgeBase _current;

    /// <param name="directory">The knowledge-base directory to watch.</param>
    /// <param name="initial">The snapshot to serve until the first successful reload.</param>
    /// <param name="options">Lint options for reloads (default: the required ids of DESIGN §7).</param>
    /// <param name="debounce">Quiet time after the last change before reloading (default 300 ms).</param>
    public KnowledgeBaseWatcher(string directory, KnowledgeBase initial, LintOptions? options = null, TimeSpan? debounce = null)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _directory = directory;
        _current = initial;
        _options = options ?? LintOptions.Default;
        _debounce = debounce ?? TimeSpan.FromMilliseconds(300);
        _timer = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(directory, "*.md")
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Changed += OnChanged;
        _watcher.Created += OnChanged;
        _watcher.Deleted += OnChanged;
        _watcher.Renamed += OnChanged;
        _watcher.Error += (_, _) => Schedule();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>The snapshot to use now. Never half-loaded.</summary>
    public KnowledgeBase Current => Volatile.Read(ref _current);

    public event EventHandler<KnowledgeBaseReloadedEventArgs>? Reloaded;

    public event EventHandler<KnowledgeBaseReloadFailedEventArgs>? ReloadFailed;

    /// <summary>Reloads now (e.g. after an edit from chat); true when a new snapshot was swapped in.</summary>
    public bool Reload()
    {
        LoadResult result;
        lock (_reloadLock)
        {
            result = KnowledgeBaseLoader.Load(_directory, _options);
            if (result.KnowledgeBase is { } loaded)
            {
                Volatile.Write(ref _current, loaded);
            }
        }

        if (result.KnowledgeBase is { } snapshot)
        {
            Reloaded?.Invoke(this, new KnowledgeBaseReloadedEventArgs(snapshot));
            return true;
        }

        ReloadFailed?.Invoke(this, new KnowledgeBaseReloadFailedEventArgs(result.Problems));
        return false;
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _timer.Dispose();
    }

    private void OnChanged(object sender, FileSystemEventArgs e) => Schedule();

    private void Schedule()
    {
        try
        {
            _timer.Change(_debounce, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // An event raced Dispose: nothing left to reload.
        }
    }
}
