using System.Net;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Probes.PathCheck;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.Tests.Probes.PathCheck;

public sealed class GreetingTests
{
    private static async Task<(StageOutcome Outcome, DiagnosisContext Context, GreetingPath Path)> Run(PathOptions options, params PathConnect[] connects)
    {
        var path = new GreetingPath(connects);
        var context = new DiagnosisContext(TargetParser.Parse("198.18.0.10"), RequestOrigin.Cli, new DiagnosisOptions { Path = options }, TimeProvider.System);
        context.Observations.Set("tcp.status", "connected");
        context.Observations.Set("tcp.address", "198.18.0.10");
        context.Observations.Set("tcp.ms", 1);
        context.Observations.Set("ssh.banner.status", "received");
        context.Observations.Set("ssh.kex.status", "received");
        var outcome = await new PathStage(path).RunAsync(context, TestContext.Current.CancellationToken);
        return (outcome, context, path);
    }

    private static PathConnect Dropped() => new(TimeSpan.FromMilliseconds(1), PathGreeting.Refused, "Exceeded MaxStartups");

    private static PathConnect Greeted() => new(TimeSpan.FromMilliseconds(1), PathGreeting.Identified);

    [Fact]
    public async Task PathConnectsDroppedWithExceededMaxStartupsAreCountedWithTheLineTheServerSent()
    {
        var (outcome, context, _) = await Run(new PathOptions(), Greeted(), Dropped(), Greeted(), Dropped(), Dropped(), Greeted(), Greeted(), Greeted());

        var o = context.Observations;
        Assert.Equal(5, o["path.banner.received"].Number);
        Assert.Equal(3, o["path.banner.refused"].Number);
        Assert.Equal(["Exceeded MaxStartups"], o["path.banner.pre_lines"].Items);
        Assert.Equal(0, o["path.loss_pct"].Number);
        Assert.Contains("3 closed by the server before it identified itself (Exceeded MaxStartups)", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreConnectsThanStayUnderMaxStartupsReadNoGreeting()
    {
        // Past 8 (and the diagnosis's own), the bot's own connects could be what sshd drops.
        var (_, context, path) = await Run(new PathOptions { Connects = 9 }, Dropped(), Dropped(), Dropped(), Dropped(), Dropped(), Dropped(), Dropped(), Dropped(), Dropped());

        Assert.Equal(0, path.GreetingReads);
        Assert.False(context.Observations.TryGetValue("path.banner.refused", out _));
    }

    [Fact]
    public async Task EightConnectsEachReadTheGreeting()
    {
        var (_, _, path) = await Run(new PathOptions(), Greeted(), Greeted(), Greeted(), Greeted(), Greeted(), Greeted(), Greeted(), Greeted());

        Assert.Equal(8, path.GreetingReads);
    }

    /// <summary>Answers the path connects in order with the given greetings; echo probes pass at 1500.</summary>
    private sealed class GreetingPath(PathConnect[] connects) : IPathProber
    {
        private int _next = -1;
        private int _reads;

        public int GreetingReads => _reads;

        public Task<TimeSpan?> ConnectOnceAsync(IPEndPoint endpoint, TimeSpan timeout, CancellationToken cancellationToken) =>
            Task.FromResult(connects[Interlocked.Increment(ref _next) % connects.Length].Rtt);

        public Task<PathConnect> ConnectAndReadGreetingAsync(IPEndPoint endpoint, TimeSpan timeout, TimeSpan greetingWait, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            return Task.FromResult(connects[Interlocked.Increment(ref _next) % connects.Length]);
        }

        public Task<DontFragmentReply> EchoAsync(IPAddress address, int packetSize, TimeSpan timeout, CancellationToken cancellationToken) =>
            Task.FromResult(DontFragmentReply.Replied);
    }
}
