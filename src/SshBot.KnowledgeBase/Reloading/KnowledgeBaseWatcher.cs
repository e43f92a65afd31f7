using SshBot.KnowledgeBase.Linting;
using SshBot.KnowledgeBase.Overlay;

namespace SshBot.KnowledgeBase.Reloading;

/// <summary>
/// Holds the current knowledge-base snapshot and reloads it when the folder changes (a burst of
/// file events is debounced into one reload) or when the store holds a newer revision of the
/// edits made from chat (polled cheaply, once a second by default). A new snapshot is swapped in
/// only when the whole effective knowledge base lints clean; otherwise <see cref="ReloadFailed"/>
/// reports the problems, <see cref="Problems"/> keeps them, and the previous snapshot keeps serving.
/// </summary>
public sealed partial class KnowledgeBaseWatcher : IDisposable
{
    private readonly string _directory;
    private readonly LintOptions _options;
    private readonly TimeSpan _debounce;
    private readonly IKnowledgeOverlaySource? _edits;
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _debounceTimer;
    private readonly Timer? _pollTimer;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private KnowledgeBase _current;
    private IReadOnlyList<LintProblem> _problems = [];
    private long _attemptedRevision;
    private int _polling;
    private volatile bool _storeDown;

    /// <param name="directory">The knowledge-base directory to watch.</param>
    /// <param name="initial">The snapshot to serve until the first successful reload.</param>
    /// <param name="options">Lint options for reloads (default: the required ids of DESIGN §7).</param>
    /// <param name="debounce">Quiet time after the last change before reloading (default 300 ms).</param>
    /// <param name="edits">The stored edits to lay over the folder and poll for; null for the folder alone.</param>
    /// <param name="poll">How often the store is asked for its newest revision (default 1 s).</param>
    public KnowledgeBaseWatcher(string directory, KnowledgeBase initial, LintOptions? options = null, TimeSpan? debounce = null,
        IKnowledgeOverlaySource? edits = null, TimeSpan? poll = null)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _directory = directory;
        _current = initial;
        _attemptedRevision = initial.Version.Revision;
        _options = options ?? LintOptions.Default;
        _debounce = debounce ?? TimeSpan.FromMilliseconds(300);
        _edits = edits;
        _debounceTimer = new Timer(_ => _ = ReloadQuietlyAsync(), null, Timeout.Infinite, Timeout.Infinite);
        if (edits is not null)
        {
            var period = poll ?? TimeSpan.FromSeconds(1);
            _pollTimer = new Timer(_ => _ = PollAsync(), null, period, period);
        }

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

    /// <summary>Why the newest folder or stored state is not served (empty when it is).</summary>
    public IReadOnlyList<LintProblem> Problems => Volatile.Read(ref _problems);

    public event EventHandler<KnowledgeBaseReloadedEventArgs>? Reloaded;

    public event EventHandler<KnowledgeBaseReloadFailedEventArgs>? ReloadFailed;

    /// <summary>Loads the folder with the stored edits over it, as a watcher's first snapshot.</summary>
    public static async Task<LoadResult> LoadAsync(string directory, IKnowledgeOverlaySource? edits, LintOptions? options, CancellationToken ct)
    {
        var overlay = edits is null ? KnowledgeOverlay.Empty : await edits.ReadAsync(ct);
        return KnowledgeBaseLoader.Load(directory, overlay, options);
    }

    /// <summary>Reloads now, for callers outside async code; see <see cref="ReloadAsync"/>.</summary>
    public bool Reload() => ReloadAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Reloads now (e.g. after an edit from chat); true when a new snapshot was swapped in.</summary>
    public async Task<bool> ReloadAsync(CancellationToken ct = default)
    {
        KnowledgeBase? loaded;
        IReadOnlyList<LintProblem> problems;
        bool report;
        await _reloadGate.WaitAsync(ct);
        try
        {
            (loaded, problems) = await LoadNowAsync(ct);
            // The same failure found again by the next poll is not news: report it once.
            report = loaded is not null || !SameProblems(problems, _problems);
            if (loaded is not null)
            {
                Volatile.Write(ref _current, loaded);
            }

            Volatile.Write(ref _problems, problems);
        }
        finally
        {
            _reloadGate.Release();
        }

        if (loaded is not null)
        {
            Reloaded?.Invoke(this, new KnowledgeBaseReloadedEventArgs(loaded));
        }
        else if (report)
        {
            ReloadFailed?.Invoke(this, new KnowledgeBaseReloadFailedEventArgs(problems));
        }

        return loaded is not null;
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _debounceTimer.Dispose();
        _pollTimer?.Dispose();
        _reloadGate.Dispose();
    }

    private async Task<(KnowledgeBase? Loaded, IReadOnlyList<LintProblem> Problems)> LoadNowAsync(CancellationToken ct)
    {
        KnowledgeOverlay overlay;
        try
        {
            overlay = _edits is null ? KnowledgeOverlay.Empty : await _edits.ReadAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store is down or refused us: keep serving what we have, say why, try again on the next poll.
            _storeDown = true;
            return (null, [StoreProblem(e)]);
        }

        _storeDown = false;
        _attemptedRevision = overlay.Revision;
        var result = KnowledgeBaseLoader.Load(_directory, overlay, _options);
        return (result.KnowledgeBase, result.Problems);
    }

    private async Task ReloadQuietlyAsync()
    {
        try
        {
            await ReloadAsync();
        }
        catch (ObjectDisposedException)
        {
            // A file event raced Dispose.
        }
    }

    private static LintProblem StoreProblem(Exception e) => new("store", 1, $"the stored knowledge-base edits could not be read: {e.Message}");

    private static bool SameProblems(IReadOnlyList<LintProblem> a, IReadOnlyList<LintProblem> b) => a.SequenceEqual(b);

    private void OnChanged(object sender, FileSystemEventArgs e) => Schedule();

    private void Schedule()
    {
        try
        {
            _debounceTimer.Change(_debounce, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // An event raced Dispose: nothing left to reload.
        }
    }
}
