namespace SshBot.Zones.Tests.Support;

/// <summary>
/// For tests of one deployment: a nats-server of their own and a replica whose stream,
/// consumers and buckets exist, fresh for every test and stopped after it.
/// </summary>
public abstract class NatsAndReplica : IAsyncLifetime
{
    protected NatsServer Nats { get; private set; } = null!;

    protected Replica Replica { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Nats = await NatsServer.StartAsync();
        Replica = await Replica.StartAsync(Nats);
    }

    public async ValueTask DisposeAsync()
    {
        await Replica.DisposeAsync();
        await Nats.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
