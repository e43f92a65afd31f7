using NATS.Client.Core;
using NATS.Client.JetStream;
using SshBot.Zones.Agent;
using SshBot.Zones.Configuration;
using SshBot.Zones.Messaging;

namespace SshBot.Zones.Tests.Support;

/// <summary>
/// An agent in this process, with its zone's NATS user, running <see cref="ScriptedStage"/>.
/// <see cref="DieAsync"/> drops its connection without a word, as a killed process would.
/// </summary>
public sealed class TestAgent : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly NatsConnection _nats;
    private readonly Task _running;

    private TestAgent(NatsServer server, string zone, string id, ScriptedStage stage, int concurrency)
    {
        Id = id;
        Stage = stage;
        Settings = server.Settings($"agent-{zone}");
        _nats = NatsConnector.Connect(Settings, $"test-agent {zone} {id}", NatsSettings.AgentInboxPrefix(zone));
        var runner = new JobRunner(_nats, new NatsJSContext(_nats), Settings, stage.Engine);
        _running = Task.Run(() => new ZoneAgent(_nats, Settings, new AgentOptions(zone, id, concurrency), runner).RunAsync(_stop.Token));
    }

    public string Id { get; }

    public ScriptedStage Stage { get; }

    public NatsSettings Settings { get; }

    public static TestAgent Start(NatsServer server, string zone, string id, ScriptedStage stage, int concurrency = 8) =>
        new(server, zone, id, stage, concurrency);

    /// <summary>Gone mid-job: no acknowledgement, no more heartbeats, the job left in its hands.</summary>
    public async Task DieAsync()
    {
        await _nats.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Stage.Release();
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is OperationCanceledException or NatsException or ObjectDisposedException or TimeoutException)
        {
            // A dead agent ends however its connection's end leaves it.
        }

        await _nats.DisposeAsync();
        _stop.Dispose();
    }
}
