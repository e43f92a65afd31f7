using SshBot.Diagnostics.Engine;
using SshBot.Zones.Tests.Support;

namespace SshBot.Zones.Tests.Running;

/// <summary>Work over JetStream survives agents, replicas and NATS itself going away.</summary>
public sealed class DurableJobTests : NatsAndReplica
{
    [Fact]
    public async Task AnAgentThatDiesMidDiagnosisHasItsJobRedeliveredToTheOtherAgentAndOneVerdictComesBack()
    {
        var first = TestAgent.Start(Nats, "dc1", "dc1-a", new ScriptedStage(ScriptedStage.Connected, hold: true));
        await Replica.WaitOnlineAsync("dc1", "dc1-a");
        var stages = new List<StageReport>();
        var asked = Replica.RunAsync("198.18.1.20", "job-redeliver-1", new SynchronousProgress(stages.Add));
        await first.Stage.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        await first.DieAsync();
        await using var second = TestAgent.Start(Nats, "dc1", "dc1-b", new ScriptedStage(ScriptedStage.Connected));
        var diagnosis = await asked.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal("dc1-b", diagnosis.Observations["vantage.agent"].Text);
        Assert.Equal(1, second.Stage.Runs);
        Assert.Equal(1, await Replica.StoredResultsAsync("dc1", "job-redeliver-1"));
        Assert.Single(stages, s => s.Name == "connect");
        await first.DisposeAsync();
    }

    [Fact]
    public async Task ASecondReplicaAskingForTheSameJobGetsTheResultWithoutASecondRun()
    {
        await using var agent = TestAgent.Start(Nats, "dc1", "dc1-a", new ScriptedStage(ScriptedStage.Connected, hold: true));
        await Replica.WaitOnlineAsync("dc1", "dc1-a");
        await using var other = await Replica.StartAsync(Nats, "replica-2");

        var firstAsk = Replica.RunAsync("198.18.1.21", "job-shared-1");
        await agent.Stage.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var secondAsk = other.RunAsync("198.18.1.21", "job-shared-1");
        agent.Stage.Release();
        var results = await Task.WhenAll(firstAsk, secondAsk).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var later = await other.RunAsync("198.18.1.21", "job-shared-1");

        Assert.Equal(1, agent.Stage.Runs);
        Assert.All([.. results, later], d => Assert.Equal("dc1-a", d.Observations["vantage.agent"].Text));
    }

    [Fact]
    public async Task NatsCrashedAndRestartedMidBurstLosesNoPublishedJob()
    {
        await using var agent = TestAgent.Start(Nats, "office", "office-a", new ScriptedStage(ScriptedStage.Connected), concurrency: 4);
        await Replica.WaitOnlineAsync("office", "office-a");
        const int Burst = 40;

        var asks = Enumerable.Range(0, Burst).Select(i => Replica.RunAsync($"198.18.2.{10 + i}", $"job-burst-{i}")).ToArray();
        await agent.Stage.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await Nats.CrashAndRestartAsync();
        var results = await Task.WhenAll(asks).WaitAsync(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken);

        Assert.All(results, d => Assert.Equal("agent", d.Observations["vantage.status"].Text));
        Assert.Equal(Burst, results.Select(d => d.Target.Host).Distinct().Count());
    }
}
