using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.Tests.Engine;

public sealed class DiagnosisEngineTests
{
    private sealed class FakeStage(string name, string[] dependsOn, Func<DiagnosisContext, CancellationToken, Task<StageOutcome>> run, TimeSpan? timeout = null)
        : IDiagnosisStage
    {
        public string Name => name;

        public IReadOnlyList<string> DependsOn => dependsOn;

        public TimeSpan GetTimeout(DiagnosisOptions options) => timeout ?? TimeSpan.FromSeconds(5);

        public Task<StageOutcome> RunAsync(DiagnosisContext context, CancellationToken cancellationToken) => run(context, cancellationToken);
    }

    private static FakeStage Passes(string name, params string[] deps) => new(name, deps, (_, _) => Task.FromResult(StageOutcome.Ok("fine")));

    private static FakeStage Fails(string name, params string[] deps) => new(name, deps, (_, _) => Task.FromResult(StageOutcome.Fail("broken")));

    private static FakeStage Hangs(string name, TimeSpan timeout) =>
        new(name, [], async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return StageOutcome.Ok("never");
        }, timeout);

    private static Task<Diagnosis> Run(IProgress<StageReport>? progress = null, DiagnosisOptions? options = null, CancellationToken ct = default, params IDiagnosisStage[] stages) =>
        new DiagnosisEngine(stages, TargetPolicy.Default, options ?? new DiagnosisOptions())
            .DiagnoseAsync(TargetParser.Parse("web-01"), RequestOrigin.Cli, progress, ct == default ? TestContext.Current.CancellationToken : ct);

    [Fact]
    public async Task AStageWhoseParentFailedIsSkippedAndSaysWhichParent()
    {
        var result = await Run(null, null, default, Passes("a"), Fails("b", "a"), Passes("c", "b"), Passes("d", "a"));

        var byName = result.Stages.ToDictionary(s => s.Name);
        Assert.Equal(StageStatus.Ok, byName["a"].Status);
        Assert.Equal(StageStatus.Failed, byName["b"].Status);
        Assert.Equal(StageStatus.Skipped, byName["c"].Status);
        Assert.Contains("b did not pass", byName["c"].Detail, StringComparison.Ordinal);
        Assert.Equal(StageStatus.Ok, byName["d"].Status);
    }

    private sealed class LastStage(string name, string[] dependsOn, Func<DiagnosisContext, CancellationToken, Task<StageOutcome>> run) : IDiagnosisStage
    {
        public string Name => name;

        public IReadOnlyList<string> DependsOn => dependsOn;

        public bool RunsAfterEarlierStages => true;

        public TimeSpan GetTimeout(DiagnosisOptions options) => TimeSpan.FromSeconds(5);

        public Task<StageOutcome> RunAsync(DiagnosisContext context, CancellationToken cancellationToken) => run(context, cancellationToken);
    }

    [Fact]
    public async Task AStageThatRunsAfterEarlierStagesWaitsForThemWhateverTheirOutcome()
    {
        var slowDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var order = new List<string>();
        var slow = new FakeStage("slow", ["a"], async (_, ct) =>
        {
            await Task.Delay(50, ct);
            lock (order) { order.Add("slow"); }
            return StageOutcome.Fail("broken");
        });
        var last = new LastStage("last", ["a"], (_, _) =>
        {
            lock (order) { order.Add("last"); }
            return Task.FromResult(StageOutcome.Ok("fine"));
        });

        var result = await Run(null, null, default, Passes("a"), slow, last);

        Assert.Equal(["slow", "last"], order);
        Assert.Equal(StageStatus.Ok, result.Stages.Single(s => s.Name == "last").Status);
    }

    [Fact]
    public async Task AStageThatRunsAfterEarlierStagesIsStillSkippedWhenItsParentFails()
    {
        var ran = false;
        var last = new LastStage("last", ["a"], (_, _) =>
        {
            ran = true;
            return Task.FromResult(StageOutcome.Ok("fine"));
        });

        var result = await Run(null, null, default, Fails("a"), Passes("b"), last);

        Assert.False(ran);
        Assert.Equal(StageStatus.Skipped, result.Stages.Single(s => s.Name == "last").Status);
    }

    [Fact]
    public async Task ProgressIsReportedForEveryStageAsItFinishes()
    {
        var seen = new List<string>();
        var progress = new Inline<StageReport>(r => seen.Add($"{r.Name}:{r.StatusText}"));

        await Run(progress, null, default, Passes("a"), Fails("b", "a"), Passes("c", "b"));

        Assert.Equal(["a:ok", "b:failed", "c:skipped"], seen);
    }

    [Fact]
    public async Task AStageThatOverrunsItsTimeoutIsReportedAsTimedOutAndTheRestStillRun()
    {
        var result = await Run(null, null, default, Hangs("slow", TimeSpan.FromMilliseconds(50)), Passes("independent"));

        Assert.Equal(StageStatus.Timeout, result.Stages[0].Status);
        Assert.Equal("the stage timed out", result.Stages[0].Detail);
        Assert.Equal(StageStatus.Ok, result.Stages[1].Status);
    }

    [Fact]
    public async Task ThePlanDeadlineStopsAStageWhoseOwnTimeoutIsLonger()
    {
        var options = new DiagnosisOptions { Deadline = TimeSpan.FromMilliseconds(50) };

        var result = await Run(null, options, default, Hangs("slow", TimeSpan.FromMinutes(5)));

        Assert.Equal(StageStatus.Timeout, result.Stages[0].Status);
        Assert.Equal("the diagnosis deadline was reached", result.Stages[0].Detail);
    }

    [Fact]
    public async Task AStageThatThrowsIsReportedAsAnErrorNotACrash()
    {
        var boom = new FakeStage("boom", [], (_, _) => throw new InvalidOperationException("disk on fire"));

        var result = await Run(null, null, default, boom, Passes("after", "boom"));

        Assert.Equal(StageStatus.Error, result.Stages[0].Status);
        Assert.Contains("disk on fire", result.Stages[0].Detail, StringComparison.Ordinal);
        Assert.Equal(StageStatus.Skipped, result.Stages[1].Status);
    }

    [Fact]
    public async Task CancellationByTheCallerEndsTheDiagnosis()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run(null, null, cts.Token, Hangs("slow", TimeSpan.FromMinutes(5))));
    }

    [Fact]
    public async Task IndependentStagesRunConcurrently()
    {
        var bothStarted = new TaskCompletionSource();
        var started = 0;
        FakeStage Waits(string name) => new(name, [], async (_, ct) =>
        {
            if (Interlocked.Increment(ref started) == 2)
            {
                bothStarted.SetResult();
            }

            await bothStarted.Task.WaitAsync(ct);
            return StageOutcome.Ok("together");
        }, TimeSpan.FromSeconds(5));

        var result = await Run(null, null, default, Waits("x"), Waits("y"));

        Assert.All(result.Stages, s => Assert.Equal(StageStatus.Ok, s.Status));
    }

    [Fact]
    public void AStageDependingOnAnUnknownStageIsRejectedAtConstruction()
    {
        var e = Assert.Throws<ArgumentException>(() => new DiagnosisEngine([Passes("b", "a")], TargetPolicy.Default, new DiagnosisOptions()));

        Assert.Contains("'a'", e.Message, StringComparison.Ordinal);
    }

    private sealed class Inline<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }
}
