using System.Net;
using System.Net.Sockets;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Probes.PathCheck;
using SshBot.Diagnostics.Targets;
using SshBot.Diagnostics.Tests.Fakes;

namespace SshBot.Diagnostics.Tests.Probes.PathCheck;

public sealed class PathStageTests
{
    private static async Task<(StageOutcome Outcome, DiagnosisContext Context)> Run(
        ScriptedPath path, double tcpMs = 2, ConnectTimeoutLearner? learner = null, PathOptions? options = null, TimeSpan? kernelRtt = null)
    {
        var context = NewContext(new DiagnosisOptions { Path = options ?? new PathOptions() }, tcpMs, learner);
        context.ConnectRtt = kernelRtt;
        var outcome = await new PathStage(path).RunAsync(context, TestContext.Current.CancellationToken);
        return (outcome, context);
    }

    [Fact]
    public async Task RepeatedConnectsGiveLossMedianRttAndJitter()
    {
        var path = new ScriptedPath().Connects(2, null, 3, 2, null, 4, 2, 3, null, 2, 3, 2);

        var (outcome, context) = await Run(path, options: new PathOptions { Connects = 12 });

        var o = context.Observations;
        Assert.True(outcome.Passed);
        Assert.Equal("ok", o["path.status"].Text);
        Assert.Equal(25, o["path.loss_pct"].Number);
        Assert.Equal(2, o["path.rtt_ms"].Number);
        Assert.Equal(12, path.ConnectCalls);
        Assert.Contains("9/12 connects answered", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePathMtuIsReportedWithItsStatusAndDetail()
    {
        var (_, context) = await Run(new ScriptedPath { Mtu = 1280 });

        var o = context.Observations;
        Assert.Equal("blackhole", o["path.mtu.status"].Text);
        Assert.Equal(1280, o["path.mtu"].Number);
        Assert.Contains("1280 bytes pass", o["path.mtu.detail"].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectsWaitAFewRoundTripsWithinTheBounds()
    {
        // The real prober then asks the kernel whether the SYN was answered (PathProberTests),
        // so a short wait does not turn a busy bot's own delay into loss.
        var slow = new ScriptedPath();
        var fast = new ScriptedPath();
        var instant = new ScriptedPath();
        var options = new PathOptions();

        await Run(slow, tcpMs: 150);
        await Run(fast, tcpMs: 0.2);
        await Run(instant, tcpMs: 0);

        Assert.All(slow.Timeouts, t => Assert.Equal(TimeSpan.FromMilliseconds(700), t));
        Assert.All(fast.Timeouts, t => Assert.Equal(TimeSpan.FromMilliseconds(100.8), t));
        Assert.All(instant.Timeouts, t => Assert.Equal(options.MinProbeTimeout, t));
        Assert.NotEmpty(fast.Timeouts);
        Assert.NotEmpty(slow.Timeouts);
        Assert.NotEmpty(instant.Timeouts);
    }

    [Fact]
    public async Task ConnectsWaitOnTheKernelsHandshakeRttNotTheConnectStagesStopwatch()
    {
        // A cold process took 150 ms by its own stopwatch; the kernel measured 1 ms.
        var path = new ScriptedPath();

        await Run(path, tcpMs: 150, kernelRtt: TimeSpan.FromMilliseconds(1));

        Assert.NotEmpty(path.Timeouts);
        Assert.All(path.Timeouts, t => Assert.Equal(TimeSpan.FromMilliseconds(104), t));
    }

    [Fact]
    public async Task EchoProbesWaitForTheConnectsMedianRttNotTheConnectStagesSingleReading()
    {
        // A cold process measured 150 ms for the first connect; the kernel says the path takes 1 ms.
        var path = new ScriptedPath().Connects(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);

        await Run(path, tcpMs: 150);

        Assert.All(path.Timeouts, t => Assert.Equal(TimeSpan.FromMilliseconds(700), t));
        Assert.NotEmpty(path.EchoTimeouts);
        Assert.All(path.EchoTimeouts, t => Assert.Equal(TimeSpan.FromMilliseconds(104), t));
    }

    [Fact]
    public async Task ABatchSkipsThePathChecksAndSaysWhyWithoutSendingAnything()
    {
        var path = new ScriptedPath();

        var (outcome, context) = await Run(path, learner: new ConnectTimeoutLearner(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)));

        Assert.Equal("skipped", context.Observations["path.status"].Text);
        Assert.Contains("single targets only", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(0, path.ConnectCalls);
        Assert.Empty(path.Echoed);
    }

    [Fact]
    public async Task ARunAgainMomentsLaterChecksTheMtuButDoesNotRepeatTheConnects()
    {
        var path = new ScriptedPath();
        var stage = new PathStage(path, new ConnectBudget(new ManualClock()));
        var first = NewContext();
        var second = NewContext();

        await stage.RunAsync(first, TestContext.Current.CancellationToken);
        var outcome = await stage.RunAsync(second, TestContext.Current.CancellationToken);

        Assert.Equal(PathOptions.DefaultConnects, path.ConnectCalls);
        Assert.True(first.Observations.ContainsKey("path.loss_pct"));
        Assert.False(second.Observations.ContainsKey("path.loss_pct"));
        Assert.Equal("ok", second.Observations["path.mtu.status"].Text);
        Assert.Contains("PerSourcePenalties", outcome.Detail, StringComparison.Ordinal);
    }

    /// <summary>A context as the connect stage leaves it after connecting to the lab's healthy host.</summary>
    private static DiagnosisContext NewContext(DiagnosisOptions? options = null, double tcpMs = 1, ConnectTimeoutLearner? learner = null)
    {
        var context = new DiagnosisContext(TargetParser.Parse("198.18.0.10"), RequestOrigin.Cli, options ?? new DiagnosisOptions(), TimeProvider.System) { Learner = learner };
        context.Observations.Set("tcp.status", "connected");
        context.Observations.Set("tcp.address", "198.18.0.10");
        context.Observations.Set("tcp.ms", tcpMs);
        return context;
    }

    [Fact]
    public async Task ZeroConnectsTurnThePathChecksOff()
    {
        var path = new ScriptedPath();

        var (outcome, context) = await Run(path, options: new PathOptions { Connects = 0 });

        Assert.Equal("skipped", context.Observations["path.status"].Text);
        Assert.Contains("turned off", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(0, path.ConnectCalls);
        Assert.Empty(path.Echoed);
    }

    [Fact]
    public async Task ByDefaultTheConnectsAndTheDiagnosissOwnStayUnderSshdsDefaultMaxStartups()
    {
        // sshd's default MaxStartups 10:30:100 drops new connections at random once 10 are
        // unauthenticated; each connect's sshd child outlives it by tens of milliseconds, so
        // the stage must leave room for the connection that comes right after it.
        const int maxStartupsBegin = 10;
        var path = new ScriptedPath();

        await Run(path);

        Assert.True(path.ConnectCalls + 1 < maxStartupsBegin, $"{path.ConnectCalls} connects and the diagnosis's own reach sshd's MaxStartups");
        Assert.True(path.ConnectCalls >= 8, "fewer than 8 connects make the loss estimate too coarse");
    }

    [Theory]
    [InlineData("ssh.banner.status", "not-ssh", "something other than sshd")]
    [InlineData("ssh.banner.status", "closed-before-banner", "closed the connection before identifying itself")]
    [InlineData("ssh.banner.status", "reset", "reset before the server identified itself")]
    [InlineData("ssh.kex.status", "closed", "closed the connection before its key exchange")]
    [InlineData("ssh.kex.status", "disconnect", "disconnect message")]
    [InlineData("ssh.kex.status", "reset", "reset before the server's key exchange")]
    public async Task WhenTheServerItselfAnsweredThePathIsNotCheckedAndTheStageSaysWhy(string key, string status, string reason)
    {
        var path = new ScriptedPath();
        var context = NewContext();
        context.Observations.Set(key, status);

        var outcome = await new PathStage(path).RunAsync(context, TestContext.Current.CancellationToken);

        Assert.True(outcome.Passed);
        Assert.Equal("skipped", context.Observations["path.status"].Text);
        Assert.Contains(reason, outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(0, path.ConnectCalls);
        Assert.Empty(path.Echoed);
    }

    [Theory]
    [InlineData("ssh.kex.mismatch.kex", "key-exchange")]
    [InlineData("ssh.kex.mismatch.hostkey", "host key")]
    [InlineData("ssh.kex.mismatch.cipher", "cipher")]
    [InlineData("ssh.kex.mismatch.mac", "MAC")]
    public async Task NoAlgorithmInCommonWithCurrentOpenSshIsAnAnswerToo(string key, string kind)
    {
        var path = new ScriptedPath();
        var context = NegotiatedContext();
        context.Observations.Set(key, ["openssh-current", "windows-openssh"]);

        var outcome = await new PathStage(path).RunAsync(context, TestContext.Current.CancellationToken);

        Assert.Equal("skipped", context.Observations["path.status"].Text);
        Assert.Contains($"no {kind} algorithm with current OpenSSH", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(0, path.ConnectCalls);
    }

    [Theory]
    [InlineData("ssh.banner.status")]
    [InlineData("ssh.kex.status")]
    public async Task ATimeoutStillChecksThePath(string key)
    {
        // A silent server or a key exchange that stalls is where loss or a black hole shows.
        var path = new ScriptedPath();
        var context = NegotiatedContext();
        context.Observations.Set(key, "timeout");

        await new PathStage(path).RunAsync(context, TestContext.Current.CancellationToken);

        Assert.Equal("ok", context.Observations["path.status"].Text);
        Assert.Equal(PathOptions.DefaultConnects, path.ConnectCalls);
    }

    [Fact]
    public async Task AMismatchOnlyOlderClientsHaveStillChecksThePath()
    {
        // A server only old clients cannot use works for current OpenSSH, so the path matters.
        var path = new ScriptedPath();
        var context = NegotiatedContext();
        context.Observations.Set("ssh.kex.mismatch.kex", ["openssh-7.4"]);

        await new PathStage(path).RunAsync(context, TestContext.Current.CancellationToken);

        Assert.Equal("ok", context.Observations["path.status"].Text);
        Assert.Equal(PathOptions.DefaultConnects, path.ConnectCalls);
    }

    /// <summary>A context after a handshake that read the server's KEXINIT and found nothing missing.</summary>
    private static DiagnosisContext NegotiatedContext()
    {
        var context = NewContext();
        context.Observations.Set("ssh.banner.status", "received");
        context.Observations.Set("ssh.kex.status", "received");
        foreach (var key in new[] { "ssh.kex.mismatch.kex", "ssh.kex.mismatch.hostkey", "ssh.kex.mismatch.cipher", "ssh.kex.mismatch.mac" })
        {
            context.Observations.Set(key, Array.Empty<string>());
        }

        return context;
    }

    [Fact]
    public async Task TheConnectCountIsTheOneConfigured()
    {
        var path = new ScriptedPath();

        await Run(path, options: new PathOptions { Connects = 30 });

        Assert.Equal(30, path.ConnectCalls);
    }

    [Fact]
    public async Task APathStageWhoseConnectFailedIsSkippedByTheEngine()
    {
        var probe = new Probe();
        probe.Connector.ConnectAsync(Arg.Any<IPEndPoint>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new SocketException((int)SocketError.ConnectionRefused));
        var path = new ScriptedPath();
        var engine = new DiagnosisEngine(
            [.. StandardPlan.NetworkStages(probe.Resolver, probe.Connector, probe.Policy), .. StandardPlan.PathStages(path)], probe.Policy, probe.Options);

        var result = await engine.DiagnoseAsync(TargetParser.Parse("198.18.0.11"), RequestOrigin.Cli, null, TestContext.Current.CancellationToken);

        var stage = Assert.Single(result.Stages, s => s.Name == PathStage.StageName);
        Assert.Equal(StageStatus.Skipped, stage.Status);
        Assert.Equal(0, path.ConnectCalls);
        Assert.Empty(path.Echoed);
    }
}
