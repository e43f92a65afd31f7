using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SshBot.Chat.Hosting;
using SshBot.Incidents;

namespace SshBot.Chat.Tests.Hosting;

/// <summary>The scheduled prune, on a real SQLite store, with the clock moved by hand.</summary>
public sealed class HousekeepingTests : IAsyncDisposable
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(90);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly string _dir = Directory.CreateTempSubdirectory("sshbot-housekeeping-").FullName;
    private IIncidentStore? _store;

    [Fact]
    public async Task ResolvedIncidentsPastTheRetentionArePrunedAtTheNextIntervalAndOpenOnesStay()
    {
        var store = await StoreAsync();
        var resolved = await IncidentAsync(store, "k1", "web-01");
        await store.ResolveAsync(resolved, "bob", TestContext.Current.CancellationToken);
        var open = await IncidentAsync(store, "k2", "web-02");
        using var housekeeping = new Housekeeping(store, Retention, new HousekeepingOptions { PruneInterval = TimeSpan.FromDays(1) }, _clock, NullLogger<Housekeeping>.Instance);
        var counts = Channel.CreateUnbounded<int>();
        housekeeping.Pruned += n => counts.Writer.TryWrite(n);

        await housekeeping.StartAsync(TestContext.Current.CancellationToken);
        var atStart = await counts.Reader.ReadAsync(TestContext.Current.CancellationToken);
        _clock.Advance(TimeSpan.FromDays(91));
        var later = await counts.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        await housekeeping.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal((0, 1), (atStart, later));
        Assert.Null(await store.GetIncidentAsync(resolved, TestContext.Current.CancellationToken));
        Assert.NotNull(await store.GetIncidentAsync(open, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AZeroIntervalTurnsPruningOff()
    {
        var store = await StoreAsync();
        var resolved = await IncidentAsync(store, "k1", "web-01");
        await store.ResolveAsync(resolved, "bob", TestContext.Current.CancellationToken);
        _clock.Advance(TimeSpan.FromDays(400));
        using var housekeeping = new Housekeeping(store, Retention, new HousekeepingOptions { PruneInterval = TimeSpan.Zero }, _clock, NullLogger<Housekeeping>.Instance);
        var pruned = false;
        housekeeping.Pruned += _ => pruned = true;

        await housekeeping.StartAsync(TestContext.Current.CancellationToken);
        await (housekeeping.ExecuteTask ?? Task.CompletedTask);

        Assert.False(pruned);
        Assert.NotNull(await store.GetIncidentAsync(resolved, TestContext.Current.CancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private async Task<IIncidentStore> StoreAsync() =>
        _store = await IncidentStoreFactory.CreateAsync(new IncidentStoreOptions { DataDirectory = _dir }, _clock, TestContext.Current.CancellationToken);

    private static async Task<long> IncidentAsync(IIncidentStore store, string key, string host)
    {
        var opened = await store.OpenRequestAsync(new IncidentRequest(key, host, 22, "alice", "slack", "C1", null, $"can't ssh to {host}"), TestContext.Current.CancellationToken);
        await store.CompleteDiagnosisAsync(opened.DiagnosisId, "sshd-not-listening", "[]", "{}", TestContext.Current.CancellationToken);
        return opened.IncidentId;
    }
}
