using System.Collections.Concurrent;
using System.Diagnostics;
using SshBot.Chat.Telemetry;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Targets;

namespace SshBot.Chat.Running;

/// <summary>
/// One diagnosis per target at a time: a second request for a target already being probed joins
/// the running diagnosis (its progress and its result) instead of probing the host twice. At
/// most <c>maxConcurrent</c> targets are probed at once across all requests, however many
/// hosts each names; the rest wait their turn.
/// </summary>
public sealed class DiagnosisCoordinator(IDiagnosisRunner runner, int maxConcurrent = 16) : IDisposable
{
    private readonly ConcurrentDictionary<string, SharedRun> _running = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _slots = new(Math.Max(1, maxConcurrent), Math.Max(1, maxConcurrent));

    /// <summary>Targets being probed now (not those waiting for a slot).</summary>
    public int Probing => Math.Max(1, maxConcurrent) - _slots.CurrentCount;

    public void Dispose() => _slots.Dispose();

    /// <summary>
    /// Starts a diagnosis or joins the running one; <c>Joined</c> tells which. <paramref name="job"/>
    /// carries the request's stable id and zones; null: a fresh id, wherever the target belongs.
    /// </summary>
    public (Task<Diagnosis> Result, bool Joined) RunOrJoin(Target target, RequestOrigin origin, Action<StageReport> onStage, DiagnosisJob? job = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        job ??= DiagnosisJob.New();
        var key = $"{target.User}@{target.Host}:{target.Port}" + (job.Zones.Count == 0 ? "" : " from " + string.Join(',', job.Zones));
        while (true)
        {
            var fresh = new SharedRun();
            var run = _running.GetOrAdd(key, fresh);
            if (!run.Subscribe(onStage))
            {
                // It finished between lookup and subscribe: remove it and try again.
                _running.TryRemove(new KeyValuePair<string, SharedRun>(key, run));
                continue;
            }

            if (!ReferenceEquals(run, fresh))
            {
                return (run.Result, true);
            }

            run.Start(
                async () =>
                {
                    await _slots.WaitAsync();
                    // A child of the request that started it (the ExecutionContext flows into the run); joiners share it.
                    using var span = BotTelemetry.StartDiagnosis(target);
                    try
                    {
                        return await runner.RunAsync(target, origin, job, new Progress(run, span), CancellationToken.None);
                    }
                    finally
                    {
                        _slots.Release();
                    }
                },
                () => _running.TryRemove(new KeyValuePair<string, SharedRun>(key, run)));
            return (run.Result, false);
        }
    }

    private sealed class Progress(SharedRun run, Activity? span) : IProgress<StageReport>
    {
        public void Report(StageReport value)
        {
            BotTelemetry.StageFinished(span, value);
            run.Publish(value);
        }
    }

    private sealed class SharedRun
    {
        private readonly Lock _lock = new();
        private readonly List<Action<StageReport>> _subscribers = [];
        private readonly List<StageReport> _seen = [];
        private readonly TaskCompletionSource<Diagnosis> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _closed;

        public Task<Diagnosis> Result => _result.Task;

        public bool Subscribe(Action<StageReport> onStage)
        {
            StageReport[] replay;
            lock (_lock)
            {
                if (_closed)
                {
                    return false;
                }

                _subscribers.Add(onStage);
                replay = [.. _seen];
            }

            foreach (var stage in replay)
            {
                onStage(stage);
            }

            return true;
        }

        public void Publish(StageReport stage)
        {
            Action<StageReport>[] subscribers;
            lock (_lock)
            {
                _seen.Add(stage);
                subscribers = [.. _subscribers];
            }

            foreach (var subscriber in subscribers)
            {
                subscriber(stage);
            }
        }

        public void Start(Func<Task<Diagnosis>> run, Action done) => _ = Task.Run(async () =>
        {
            try
            {
                var diagnosis = await run();
                Close(done);
                _result.TrySetResult(diagnosis);
            }
            catch (Exception e)
            {
                Close(done);
                _result.TrySetException(e);
            }
        });

        private void Close(Action done)
        {
            lock (_lock)
            {
                _closed = true;
            }

            done();
        }
    }
}
