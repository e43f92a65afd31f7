using System.Diagnostics;
using SshBot.Diagnostics.Seams;

namespace SshBot.Diagnostics.Tests.Seams;

/// <summary>The real <see cref="ProcessRunner"/> against small real programs.</summary>
public sealed class ProcessRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ArgumentsReachTheProgramLiterallyWithNoShellInBetween()
    {
        var result = await new ProcessRunner().RunAsync(new ProcessRequest("printf", ["%s|", "a;id", "$(id)", "b c", "`id`"], null, TimeSpan.FromSeconds(10)), Ct);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("a;id|$(id)|b c|`id`|", result.Stdout);
    }

    [Fact]
    public async Task StdinTextReachesTheProgramAndItsOutputIsCaptured()
    {
        var result = await new ProcessRunner().RunAsync(new ProcessRequest("cat", [], "line one\nline two\n", TimeSpan.FromSeconds(10)), Ct);

        Assert.Equal("line one\nline two\n", result.Stdout);
        Assert.False(result.TimedOut);
    }

    [Fact]
    public async Task OutputPastTheCapIsDroppedAndSaidToBe()
    {
        var request = new ProcessRequest("head", ["-c", "200000", "/dev/zero"], null, TimeSpan.FromSeconds(10)) { MaxOutputBytes = 1000 };

        var result = await new ProcessRunner().RunAsync(request, Ct);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1000, result.Stdout.Length);
        Assert.True(result.Truncated);
    }

    [Fact]
    public async Task ATimeoutKillsTheWholeProcessTreeAndIsReported()
    {
        // sh starts a child sleep that holds stdout: both must die for the run to end.
        var started = Stopwatch.StartNew();
        var result = await new ProcessRunner().RunAsync(new ProcessRequest("sh", ["-c", "sleep 30 & sleep 30; wait"], null, TimeSpan.FromMilliseconds(300)), Ct);

        Assert.True(result.TimedOut);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task CancellationKillsTheProcessAndThrows()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));
        var started = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ProcessRunner().RunAsync(new ProcessRequest("sleep", ["30"], null, TimeSpan.FromSeconds(60)), cancel.Token));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task AProgramThatDoesNotExistIsOneClearError()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new ProcessRunner().RunAsync(new ProcessRequest("/nonexistent/ssh", [], null, TimeSpan.FromSeconds(5)), Ct));

        Assert.Contains("/nonexistent/ssh", e.Message, StringComparison.Ordinal);
    }
}
