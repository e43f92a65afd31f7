using System.Diagnostics;
using System.Text.Json;
using NATS.Client.Core;
using SshBot.Diagnostics.Engine;
using SshBot.Lab.Tests.Infrastructure;
using SshBot.Zones.Tests.Running;
using SshBot.Zones.Tests.Support;
using SshBot.Zones.Wire;

namespace SshBot.Zones.Tests.Lab;

/// <summary>Real agents in the zones' namespaces, real sshd hosts, one real NATS: what a deployment does.</summary>
[Collection(ZoneLab.Name)]
public sealed class ZoneLabTests(ZoneLabFixture lab) : IAsyncLifetime
{
    private Replica _replica = null!;

    public async ValueTask InitializeAsync() => _replica = await Replica.StartAsync(lab.Nats, "lab-replica", lab.Map);

    public async ValueTask DisposeAsync() => await _replica.DisposeAsync();

    [Fact]
    public async Task AJobIsRoutedToTheTargetsZoneAndRunThereByARealAgent()
    {
        var diagnosis = await _replica.RunAsync(lab["office_host"], $"lab-route-{Guid.NewGuid():N}");

        Assert.Equal("office", diagnosis.Observations["vantage.zone"].Text);
        Assert.StartsWith("office-", diagnosis.Observations["vantage.agent"].Text, StringComparison.Ordinal);
        Assert.Equal("connected", diagnosis.Observations["tcp.status"].Text);
        Assert.Equal("received", diagnosis.Observations["ssh.banner.status"].Text);
    }

    [Fact]
    public async Task AZoneReachesOnlyItsOwnHosts()
    {
        var diagnosis = await _replica.RunAsync(lab["office_host"], $"lab-isolated-{Guid.NewGuid():N}", zones: "dc1");

        Assert.Equal("dc1", diagnosis.Observations["vantage.zone"].Text);
        Assert.Equal("unreachable", diagnosis.Observations["tcp.status"].Text);
    }

    [Fact]
    public async Task ATargetOutsideEveryZoneIsAnsweredWithNoVantagePointInUnderASecond()
    {
        var clock = Stopwatch.StartNew();
        var answered = await _replica.RunAsync(lab["outside"], $"lab-outside-{Guid.NewGuid():N}");
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.Equal("none", answered.Observations["vantage.status"].Text);
        var kb = SshBot.KnowledgeBase.KnowledgeBaseLoader.Load(Path.Combine(Repository.Root, "kb")).KnowledgeBase!;
        Assert.Equal("no-vantage-point", kb.Match(answered.Observations).Findings[0].Id);
    }

    [Fact]
    public async Task AnAgentKilledMidDiagnosisHasItsJobRedeliveredToTheOtherAgentAndOneVerdictComesBack()
    {
        var jobId = $"lab-kill-{Guid.NewGuid():N}";
        var progress = Channel<StageProgress>();
        await using var watcher = await WatchProgressAsync("office", progress);

        // Dropped from office: the connect waits out its timeout, time enough to kill the agent mid-way.
        var asked = _replica.RunAsync(lab["shared_dropped_from_office"], jobId, zones: "office");
        var first = await progress.Reader.ReadAsync(TestContext.Current.CancellationToken);
        lab.Kill(first.Agent);
        var diagnosis = await asked.WaitAsync(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);

        var survivor = first.Agent == "office-a" ? "office-b" : "office-a";
        Assert.Equal(survivor, diagnosis.Observations["vantage.agent"].Text);
        Assert.Equal("timeout", diagnosis.Observations["tcp.status"].Text);
        Assert.Equal(1, await _replica.StoredResultsAsync("office", jobId));
    }

    [Theory]
    [InlineData("shared_dropped_from_office", "vantage-asymmetric-filter", "dropped_from")]
    [InlineData("shared_reset_from_office", "vantage-path-reset", "reset_from")]
    public async Task ComparingZonesNamesWhatOnlyAComparisonShows(string host, string verdict, string list)
    {
        var run = await Shell.RunAsync(Dotnet, [Sshbot, "diagnose", lab[host], "--zones", "dc1,office VPN", "--json", "--path-connects", "0"], TimeSpan.FromSeconds(120), null, lab.Environment("replica"), TestContext.Current.CancellationToken);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var report = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal(verdict, report.GetProperty("verdict").GetProperty("id").GetString());
        Assert.Equal("dc1", report.GetProperty("observations").GetProperty("vantage.reachable_from")[0].GetString());
        Assert.Equal("office", report.GetProperty("observations").GetProperty($"vantage.{list}")[0].GetString());
        var zones = report.GetProperty("zones").EnumerateArray().ToDictionary(z => z.GetProperty("zone").GetString()!);
        Assert.Equal("connected", zones["dc1"].GetProperty("observations").GetProperty("tcp.status").GetString());
        Assert.NotEqual("connected", zones["office"].GetProperty("observations").GetProperty("tcp.status").GetString());
    }

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private static string Sshbot => Path.Combine(AppContext.BaseDirectory, "sshbot.dll");

    private static System.Threading.Channels.Channel<T> Channel<T>() => System.Threading.Channels.Channel.CreateUnbounded<T>();

    /// <summary>Listens to a zone's progress subject (as a replica may) to learn which agent took a job.</summary>
    private async Task<IAsyncDisposable> WatchProgressAsync(string zone, System.Threading.Channels.Channel<StageProgress> into)
    {
        var subscription = await _replica.Backend.Connection.SubscribeCoreAsync($"sshbot.prod.progress.{zone}.>", serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: TestContext.Current.CancellationToken);
        _ = Task.Run(async () =>
        {
            await foreach (var msg in subscription.Msgs.ReadAllAsync())
            {
                into.Writer.TryWrite(WireJson.Read<StageProgress>(msg.Data));
            }
        });
        return subscription;
    }
}
