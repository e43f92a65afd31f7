using SshBot.KnowledgeBase.Linting;

namespace SshBot.KnowledgeBase.Reloading;

/// <summary>Polling the store of the edits made from chat: a cheap question once a second, a reload only when the answer changed.</summary>
public sealed partial class KnowledgeBaseWatcher
{
    /// <summary>Asks the store for its newest revision and reloads when it is not the one last tried.</summary>
    private async Task PollAsync()
    {
        if (Interlocked.Exchange(ref _polling, 1) == 1)
        {
            return;
        }

        try
        {
            // After the store was down, the first good answer reloads, so the problem it left is cleared.
            if (await _edits!.LatestRevisionAsync(CancellationToken.None) != Volatile.Read(ref _attemptedRevision) || _storeDown)
            {
                await ReloadAsync();
            }
        }
        catch (ObjectDisposedException)
        {
            // A poll raced Dispose: nothing left to reload.
        }
#pragma warning disable CA1031 // A failed poll must not crash the process: the store being down is reported, the last snapshot serves.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await ReportStoreFailureAsync(e);
        }
        finally
        {
            Volatile.Write(ref _polling, 0);
        }
    }

    private async Task ReportStoreFailureAsync(Exception e)
    {
        _storeDown = true;
        IReadOnlyList<LintProblem> problems = [StoreProblem(e)];
        try
        {
            await _reloadGate.WaitAsync();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        bool report;
        try
        {
            report = !SameProblems(problems, _problems);
            Volatile.Write(ref _problems, problems);
        }
        finally
        {
            _reloadGate.Release();
        }

        if (report)
        {
            ReloadFailed?.Invoke(this, new KnowledgeBaseReloadFailedEventArgs(problems));
        }
    }
}
