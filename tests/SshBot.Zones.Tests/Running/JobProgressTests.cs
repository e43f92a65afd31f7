using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using NSubstitute;
using SshBot.Chat.Running;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Targets;
using SshBot.Zones.Running;
using SshBot.Zones.Tests.Support;

namespace SshBot.Zones.Tests.Running;

/// <summary>
/// Stage progress reaches the asker whichever way it comes: on the progress subject while the
/// agent works, or, when that was lost or is still on its way, from the result itself; each
/// stage once.
/// </summary>
public sealed class JobProgressTests : NatsAndReplica
{
    [Fact]
    public async Task EachStageIsReportedOnceWhenItsProgressAndTheResultBothArrive()
    {
        await using var office = TestAgent.Start(Nats, "office", "office-a", new ScriptedStage(ScriptedStage.Connected));
        await Replica.WaitOnlineAsync("office", "office-a");
        var stages = new List<StageReport>();

        await Replica.RunAsync("198.18.2.7", "progress-both-1", new SynchronousProgress(stages.Add));

        Assert.Equal(["connect"], stages.Select(s => s.Name));
        Assert.Equal(StageStatus.Ok, stages[0].Status);
    }

    [Fact]
    public async Task TheResultsStagesAreReportedWhenNoProgressMessageArrives()
    {
        await using var office = TestAgent.Start(Nats, "office", "office-a", new ScriptedStage(ScriptedStage.Connected));
        await Replica.WaitOnlineAsync("office", "office-a");
        var ct = TestContext.Current.CancellationToken;
        var settings = Replica.Settings;
        var js = new NatsJSContext(Replica.Backend.Connection);
        var kv = new NatsKVContext(js);
        var results = await kv.GetStoreAsync(settings.ResultsBucket, ct);
        await using var watcher = new ResultWatcher(results, TimeProvider.System);
        // Listening where no agent publishes: every progress message is lost on the way.
        await using var deaf = new ProgressHub(Replica.Backend.Connection, "sshbot.nowhere.>");
        var client = new ZoneJobClient(js, results, watcher, deaf, new AgentDirectory(await kv.GetStoreAsync(settings.AgentsBucket, ct), settings, TimeProvider.System), settings, TimeProvider.System);
        var stages = new List<StageReport>();

        var outcome = await client.RunAsync("office", TargetParser.Parse("198.18.2.8"), RequestOrigin.Chat, "progress-lost-1", new DiagnosisOptions(), new SynchronousProgress(stages.Add), ct);

        Assert.Equal("connected", outcome.Diagnosis.Observations["tcp.status"].Text);
        Assert.Equal(["connect"], stages.Select(s => s.Name));
        Assert.Equal(1, office.Stage.Runs);
    }

    [Fact]
    public async Task AZoneWhoseHeartbeatsCannotBeListedIsStillGivenTheJob()
    {
        await using var office = TestAgent.Start(Nats, "office", "office-a", new ScriptedStage(ScriptedStage.Connected));
        await Replica.WaitOnlineAsync("office", "office-a");
        var ct = TestContext.Current.CancellationToken;
        var settings = Replica.Settings;
        var js = new NatsJSContext(Replica.Backend.Connection);
        var kv = new NatsKVContext(js);
        var results = await kv.GetStoreAsync(settings.ResultsBucket, ct);
        await using var watcher = new ResultWatcher(results, TimeProvider.System);
        await using var hub = new ProgressHub(Replica.Backend.Connection, "sshbot.nowhere.>");
        // The heartbeats' key listing never answers and never notices cancellation.
        var stuck = Substitute.For<INatsKVStore>();
        stuck.GetKeysAsync(Arg.Any<IEnumerable<string>>(), Arg.Any<NatsKVWatchOpts?>(), Arg.Any<CancellationToken>()).Returns(_ => Never());
        var client = new ZoneJobClient(js, results, watcher, hub, new AgentDirectory(stuck, settings, TimeProvider.System), settings, TimeProvider.System);

        var outcome = await client.RunAsync("office", TargetParser.Parse("198.18.2.9"), RequestOrigin.Chat, "status-stuck-1", new DiagnosisOptions(), null, ct)
            .WaitAsync(ZoneJobClient.LookupTimeout * 4, ct);

        Assert.Equal("connected", outcome.Diagnosis.Observations["tcp.status"].Text);
        Assert.Equal(1, office.Stage.Runs);
    }

    private static async IAsyncEnumerable<string> Never()
    {
        await Task.Delay(Timeout.Infinite, CancellationToken.None);
        yield break;
    }
}
