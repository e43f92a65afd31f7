namespace SshBot.Incidents.Tests.Contract;

/// <summary>
/// The behaviour every incident store must show, run once per provider against the real database.
/// Providers supply an empty store; the tests are in the partial files next to this one.
/// </summary>
public abstract partial class IncidentStoreContract : IAsyncLifetime
{
    private readonly List<IIncidentStore> _stores = [];

    protected ManualClock Clock { get; } = new();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Options pointing at this test's own empty store (own file, own schema).</summary>
    protected abstract IncidentStoreOptions StoreOptions();

    /// <summary>Writes a schema version into the store as an earlier or a later SshBot would have.</summary>
    protected abstract Task SetSchemaVersionAsync(int version);

    /// <summary>Runs one statement on the store behind the code's back (to put it in an older shape).</summary>
    protected abstract Task ExecuteSqlAsync(string sql);

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected async Task<IIncidentStore> OpenStoreAsync(TimeSpan? joinWindow = null)
    {
        var options = StoreOptions();
        if (joinWindow is { } window)
        {
            options.JoinWindow = window;
        }

        var store = await IncidentStoreFactory.CreateAsync(options, Clock, Ct);
        _stores.Add(store);
        return store;
    }

    protected static IncidentRequest Request(string key, string host = "web-01", int port = 22, string who = "alice") =>
        new(key, host, port, who, "slack", "C123", "1700000000.000100", $"can't ssh to {host}");

    /// <summary>Opens a request and completes its diagnosis with the verdict, as the bot would.</summary>
    protected static async Task<OpenedRequest> DiagnoseAsync(IIncidentStore store, string key, string host, string? verdict)
    {
        var opened = await store.OpenRequestAsync(Request(key, host), Ct);
        await store.AppendStageAsync(opened.DiagnosisId, "resolve", "ok", 3, "[]", Ct);
        await store.CompleteDiagnosisAsync(opened.DiagnosisId, verdict, "[]", "[]", Ct);
        return opened;
    }
}
