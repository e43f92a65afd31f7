using System.Diagnostics;
using SshBot.Diagnostics.Engine;
using SshBot.Zones.Tests.Support;

namespace SshBot.Zones.Tests.Running;

/// <summary>Jobs go to the agents of the target's zone over a real nats-server; targets no zone covers are answered at once.</summary>
public sealed class ZoneRoutingTests : NatsAndReplica
{
    [Fact]
    public async Task AJobIsRunByAnAgentOfTheTargetsZone()
    {
        await using var dc1 = TestAgent.Start(Nats, "dc1", "dc1-a", new ScriptedStage(ScriptedStage.Connected));
        await using var office = TestAgent.Start(Nats, "office", "office-a", new ScriptedStage(ScriptedStage.Connected));
        await Replica.WaitOnlineAsync("dc1", "dc1-a");
        await Replica.WaitOnlineAsync("office", "office-a");

        var stages = new List<StageReport>();
        var diagnosis = await Replica.RunAsync("198.18.2.7", "job-route-1", new SynchronousProgress(stages.Add));

        Assert.Equal("office", diagnosis.Observations["vantage.zone"].Text);
        Assert.Equal("office-a", diagnosis.Observations["vantage.agent"].Text);
        Assert.Equal("connected", diagnosis.Observations["tcp.status"].Text);
        Assert.Equal(1, office.Stage.Runs);
        Assert.Equal(0, dc1.Stage.Runs);
        Assert.Contains(stages, s => s.Name == "connect");
    }

    [Fact]
    public async Task ANameIsRoutedByItsZonesDnsSuffix()
    {
        await using var dc1 = TestAgent.Start(Nats, "dc1", "dc1-a", new ScriptedStage(ScriptedStage.Connected));
        await Replica.WaitOnlineAsync("dc1", "dc1-a");

        var diagnosis = await Replica.RunAsync("db-07.dc1.sshbot.test", "job-route-2");

        Assert.Equal("dc1", diagnosis.Observations["vantage.zone"].Text);
        Assert.Equal(1, dc1.Stage.Runs);
    }

    [Fact]
    public async Task ATargetOutsideEveryZoneGetsTheNoVantagePointAnswerWellUnderASecond()
    {
        await using var dc1 = TestAgent.Start(Nats, "dc1", "dc1-a", new ScriptedStage(ScriptedStage.Connected));
        var clock = Stopwatch.StartNew();

        var diagnosis = await Replica.RunAsync("198.18.9.9", "job-outside-1");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.Equal("none", diagnosis.Observations["vantage.status"].Text);
        Assert.Equal(["dc1", "office"], diagnosis.Observations["vantage.zones"].Items);
        Assert.DoesNotContain(diagnosis.Observations.Keys, k => k.StartsWith("tcp.", StringComparison.Ordinal));
        Assert.Equal(0, dc1.Stage.Runs);
    }

    [Fact]
    public async Task APlaceToRunFromThatIsNoZoneIsSaidSoInsteadOfRunningFromTheTargetsZone()
    {
        await using var office = TestAgent.Start(Nats, "office", "office-a", new ScriptedStage(ScriptedStage.Connected));
        await Replica.WaitOnlineAsync("office", "office-a");

        var diagnosis = await Replica.RunAsync("198.18.2.7", "job-place-1", zones: "lab VPN");

        Assert.Equal("none", diagnosis.Observations["vantage.status"].Text);
        Assert.Equal(["dc1", "office"], diagnosis.Observations["vantage.zones"].Items);
        Assert.Contains("no zone is called 'lab VPN'", diagnosis.Stages[0].Detail, StringComparison.Ordinal);
        Assert.Equal(0, office.Stage.Runs);
    }

    [Fact]
    public async Task AZoneWhoseAgentsAreAllOfflineIsNamedWithSinceWhen()
    {
        var neverSeen = await Replica.RunAsync("198.18.2.8", "job-offline-1");
        Assert.Equal("offline", neverSeen.Observations["vantage.status"].Text);
        Assert.Equal("office", neverSeen.Observations["vantage.zone"].Text);
        Assert.Equal("never", neverSeen.Observations["vantage.offline_since"].Text);

        var agent = TestAgent.Start(Nats, "office", "office-a", new ScriptedStage(ScriptedStage.Connected));
        await Replica.WaitOnlineAsync("office", "office-a");
        await agent.DisposeAsync();

        var gone = await Replica.RunAsync("198.18.2.8", "job-offline-3");
        Assert.Equal("offline", gone.Observations["vantage.status"].Text);
        Assert.True(DateTimeOffset.TryParse(gone.Observations["vantage.offline_since"].Text, out var since), gone.Observations["vantage.offline_since"].Text);
        Assert.True(DateTimeOffset.UtcNow - since < TimeSpan.FromMinutes(1));
    }
}

/// <summary>Calls back on the reporting thread (Progress&lt;T&gt; would post to the thread pool and lose the order).</summary>
public sealed class SynchronousProgress(Action<StageReport> report) : IProgress<StageReport>
{
    public void Report(StageReport value)
    {
        lock (this)
        {
            report(value);
        }
    }
}
