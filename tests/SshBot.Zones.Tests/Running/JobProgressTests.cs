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
        await using var client = await DeafClientAsync(heartbeats: null, ct);
        var stages = new List<StageReport>();

        var outcome = await client.Jobs.RunAsync("office", TargetParser.Parse("198.18.2.8"), RequestOrigin.Chat, "progress-lost-1", new DiagnosisOptions(), new SynchronousProgress(stages.Add), ct);

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
        // The heartbeats' key listing never answers and never notices cancellation.
        var stuck = Substitute.For<INatsKVStore>();
        stuck.GetKeysAsync(Arg.Any<IEnumerable<string>>(), Arg.Any<NatsKVWatchOpts?>(), Arg.Any<CancellationToken>()).Returns(_ => Never());
        await using var client = await DeafClientAsync(stuck, ct);

        var outcome = await client.Jobs.RunAsync("office", TargetParser.Parse("198.18.2.9"), RequestOrigin.Chat, "status-stuck-1", new DiagnosisOptions(), null, ct)
            .WaitAsync(ZoneJobClient.LookupTimeout * 4, ct);

        Assert.Equal("connected", outcome.Diagnosis.Observations["tcp.status"].Text);
        Assert.Equal(1, office.Stage.Runs);
    }

    /// <summary>
    /// A job client of its own that listens for progress where no agent publishes (every progress
    /// message is lost on the way), reading heartbeats from <paramref name="heartbeats"/> or the real bucket.
    /// </summary>
    private async Task<DeafClient> DeafClientAsync(INatsKVStore? heartbeats, CancellationToken ct)
    {
        var settings = Replica.Settings;
        var js = new NatsJSContext(Replica.Backend.Connection);
        var kv = new NatsKVContext(js);
        var results = await kv.GetStoreAsync(settings.ResultsBucket, ct);
        var watcher = new ResultWatcher(results, TimeProvider.System);
        var deaf = new ProgressHub(Replica.Backend.Connection, "sshbot.nowhere.>");
        var agents = new AgentDirectory(heartbeats ?? await kv.GetStoreAsync(settings.AgentsBucket, ct), settings, TimeProvider.System);
        return new DeafClient(new ZoneJobClient(js, results, watcher, deaf, agents, settings, TimeProvider.System), watcher, deaf);
    }

    private sealed record DeafClient(ZoneJobClient Jobs, ResultWatcher Watcher, ProgressHub Hub) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Hub.DisposeAsync();
            await Watcher.DisposeAsync();
        }
    }

    private static async IAsyncEnumerable<string> Never()
    {
        await Task.Delay(Timeout.Infinite, CancellationToken.None);
        yield break;
    }
}
