using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>The exit codes and error lines of DESIGN §8, through the real command tree.</summary>
public sealed class CliContractTests
{
    [Fact]
    public async Task ADiagnosisOfAClosedLoopbackPortCompletesWithTheJsonReport()
    {
        var run = await Sshbot.RunAsync("diagnose", "127.0.0.1:9", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("127.0.0.1", run.Json.GetProperty("target").GetProperty("host").GetString());
        Assert.Equal(9, run.Json.GetProperty("target").GetProperty("port").GetInt32());
        Assert.Equal("refused", run.Observation("tcp.status"));
        Assert.Equal("sshd-not-listening", run.Verdict);
        var stages = run.Json.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("status").GetString());
        Assert.Equal(["resolve", "connect", "identify", "negotiate"], stages.Keys.Take(4));
        Assert.Equal("skipped", stages["authenticate"]);
        Assert.Equal("failed", stages["connect"]);
        Assert.All(["identify", "negotiate", "authenticate", "inspect", "path"], name => Assert.Equal("skipped", stages[name]));
        Assert.True(run.Json.TryGetProperty("elapsedMs", out _));
    }

    [Theory]
    [InlineData("-oProxyCommand=id")]
    [InlineData("a;id")]
    [InlineData("a$(id)")]
    [InlineData("169.254.169.254")]
    [InlineData("0xA9FEA9FE")]
    public async Task InvalidOrRefusedTargetsExitTwoWithOneLineOnStderrAndNothingOnStdout(string target)
    {
        var run = await Sshbot.RunAsync("diagnose", "--", target);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("sshbot: ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("301")]
    public async Task AnOutOfRangeTimeoutIsRefused(string timeout)
    {
        var run = await Sshbot.RunAsync("diagnose", "127.0.0.1:9", "--timeout", timeout);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--timeout", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownOptionIsAnInvalidInput()
    {
        var run = await Sshbot.RunAsync("diagnose", "127.0.0.1:9", "--frobnicate");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--frobnicate", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HumanOutputShowsEachStageAndTheObservationsThatMatter()
    {
        var run = await Sshbot.RunAsync("diagnose", "127.0.0.1:9");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("connect", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("tcp.status = refused", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Verdict:", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APatternPastTheCapIsRefusedWithOneLine()
    {
        var run = await Sshbot.RunAsync("diagnose", "10.0.0.0/8", "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("sshbot: '10.0.0.0/8' expands to 16777214 targets; the limit is 4096.", run.Stderr.Trim());
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task AMissingTargetsFileIsAnInvalidInput()
    {
        var run = await Sshbot.RunAsync("diagnose", "--targets", "/nonexistent/targets.txt");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("does not exist", run.Stderr, StringComparison.Ordinal);
    }
}
