namespace SshBot.Lab.Tests.Configuration;

/// <summary>A start that fails is one sentence on stderr; the stack trace only at debug level.</summary>
public sealed class StartupErrorTests : IDisposable
{
    private readonly ConfiguredSshbot _sshbot = new();

    private Dictionary<string, string> BadRateLimit() => new()
    {
        ["SSHBOT_DATA_DIR"] = _sshbot.PathOf("data"),
        ["Kb__Directory"] = ConfiguredSshbot.Kb,
        ["RateLimit__PerUser"] = "0",
    };

    [Fact]
    public async Task ABadSettingMakesServeExitWithOneLineOnStderrAndNoStackTrace()
    {
        var run = await _sshbot.RunAsync(BadRateLimit(), "serve", "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("sshbot serve: RateLimit:PerUser and RateLimit:Window must be positive.", line);
        Assert.DoesNotContain("   at ", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtDebugLevelTheFailedStartShowsTheStackTrace()
    {
        var env = BadRateLimit();
        env["Logging__LogLevel__Default"] = "Debug";

        var run = await _sshbot.RunAsync(env, "serve", "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("sshbot serve: RateLimit:PerUser and RateLimit:Window must be positive.", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatCannotListenSaysSoInOneLine()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var env = BadRateLimit();
        env.Remove("RateLimit__PerUser");

        var run = await _sshbot.RunAsync(env, "serve", "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("sshbot serve: could not start: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _sshbot.Dispose();
}
