using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents.Knowledge;
using SshBot.KnowledgeBase.Reloading;

namespace SshBot.Chat.Tests.Hosting;

/// <summary>
/// Two `serve` replicas built independently on one store, each with its own read-only copy of kb/:
/// an edit accepted by one is served by the other within seconds, with the same version; a
/// refused edit changes nothing anywhere. Run on SQLite (a shared file) and PostgreSQL.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public abstract class KnowledgeBaseReplicaTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly KbFolderCopy _kbA = new();
    private readonly KbFolderCopy _kbB = new();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The configuration that points a server at the shared store.</summary>
    protected abstract Task<Dictionary<string, string?>> StoreConfigurationAsync();

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual ValueTask DisposeAsync()
    {
        _kbA.Dispose();
        _kbB.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task AnEditAcceptedByOneReplicaIsServedByTheOtherWithinSecondsWithTheSameVersion()
    {
        await using var a = await StartAsync(_kbA);
        await using var b = await StartAsync(_kbB);
        var bServes = Reloaded(b, kb => kb.Articles.ContainsKey("new-cause"));
        var before = await VersionAsync(b);

        var waited = Stopwatch.StartNew();
        await a.PostSignedAsync("/api/slack/events", AdminSays("Ev1", "kb add\n" + NewArticle("new-cause", "tcp.status == refused")));
        await bServes.WaitAsync(Patience, Ct);
        waited.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine($"replica B served the edit {waited.Elapsed.TotalMilliseconds:0} ms after it was sent to A");
        var reply = await a.Slack.WaitForAsync(c => c.Text.StartsWith("Added", StringComparison.Ordinal)).WaitAsync(Patience, Ct);

        Assert.Equal("Added new-cause (revision 1).", reply.Text);
        var version = await VersionAsync(a);
        Assert.StartsWith("r1-", version, StringComparison.Ordinal);
        Assert.Equal(version, await VersionAsync(b));
        Assert.NotEqual(before, version);
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), $"replica B served the edit {waited.Elapsed.TotalMilliseconds:0} ms after it was sent to A");
    }

    [Fact]
    public async Task AnEditThatFailsTheLintChangesNothingOnEitherReplica()
    {
        await using var a = await StartAsync(_kbA);
        await using var b = await StartAsync(_kbB);
        var before = (await VersionAsync(a), await VersionAsync(b));

        await b.PostSignedAsync("/api/slack/events", AdminSays("Ev2", "kb add\n" + NewArticle("new-cause", "tcp.status == refussed")));
        var reply = await b.Slack.WaitForAsync(c => c.Text.StartsWith("Not saved", StringComparison.Ordinal)).WaitAsync(Patience, Ct);

        // Names that look like links (tcp.status) reach Slack as code spans.
        Assert.Contains("'refussed' is not a value of `tcp.status`", reply.Text, StringComparison.Ordinal);
        Assert.Equal(0, await ((IKnowledgeRevisions)a.Store).LatestRevisionAsync(Ct));
        Assert.Equal(before, (await VersionAsync(a), await VersionAsync(b)));
        Assert.False(a.App.Services.GetRequiredService<KnowledgeBaseWatcher>().Current.Articles.ContainsKey("new-cause"));
    }

    [Fact]
    public async Task AStoredEditThatDoesNotFitAReplicasFolderLeavesItOnItsLastGoodVersionAndHealthSaysWhy()
    {
        // A's kb/ has an article that B's (an older checkout) lacks; the edit accepted on A links to it.
        _kbA.Write("extra-cause", NewArticle("extra-cause", "tcp.status == timeout"));
        await using var a = await StartAsync(_kbA);
        await using var b = await StartAsync(_kbB);
        var bServed = await VersionAsync(b);
        var bRefused = ReloadFailed(b);

        await a.PostSignedAsync("/api/slack/events", AdminSays("Ev3", "kb add\n" + NewArticle("new-cause", "tcp.status == refused", "See [the other cause](./extra-cause.md).")));
        await a.Slack.WaitForAsync(c => c.Text.StartsWith("Added", StringComparison.Ordinal)).WaitAsync(Patience, Ct);
        await bRefused.WaitAsync(Patience, Ct);

        var health = await HealthAsync(b);
        Assert.Equal((bServed, "stale"), (Text(health, "version"), Text(health, "status")));
        Assert.Equal("new-cause.md:13: broken link to './extra-cause.md': no article 'extra-cause'", Text(health, "problem"));
        Assert.StartsWith("r1-", await VersionAsync(a), StringComparison.Ordinal);

        // A replica started now, on the same older folder, serves the folder alone and says why.
        using var late = new KbFolderCopy();
        await using var c = await StartAsync(late);
        var lateHealth = await HealthAsync(c);
        Assert.Equal((bServed, "stale"), (Text(lateHealth, "version"), Text(lateHealth, "status")));
    }

    private async Task<BotServer> StartAsync(KbFolderCopy kb)
    {
        kb.MakeUnwritable();
        var extra = await StoreConfigurationAsync();
        extra["Kb:Directory"] = kb.Path;
        return await BotServer.StartAsync(extra: extra);
    }

    private static async Task<string> VersionAsync(BotServer server)
    {
        var health = await HealthAsync(server);
        Assert.Equal("ok", Text(health, "status"));
        return Text(health, "version");
    }

    /// <summary>The knowledge-base part of GET /health.</summary>
    private static async Task<JsonObject> HealthAsync(BotServer server) =>
        (await server.Http.GetFromJsonAsync<JsonObject>("/health", Ct))!["knowledgeBase"]!.AsObject();

    private static string Text(JsonObject o, string name) => o[name]!.GetValue<string>();

    private static Task ReloadFailed(BotServer server)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.App.Services.GetRequiredService<KnowledgeBaseWatcher>().ReloadFailed += (_, _) => done.TrySetResult();
        return done.Task;
    }

    private static Task Reloaded(BotServer server, Func<SshBot.KnowledgeBase.KnowledgeBase, bool> when)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.App.Services.GetRequiredService<KnowledgeBaseWatcher>().Reloaded += (_, e) =>
        {
            if (when(e.KnowledgeBase))
            {
                done.TrySetResult();
            }
        };
        return done.Task;
    }

    private static string AdminSays(string eventId, string text)
    {
        var body = new JsonObject
        {
            ["type"] = "event_callback",
            ["team_id"] = "T1",
            ["event_id"] = eventId,
            ["event"] = new JsonObject
            {
                ["type"] = "app_mention",
                ["user"] = "U_ADMIN",
                ["text"] = "<@U0BOT> " + text,
                ["ts"] = "1700000000.000200",
                ["channel"] = "C1",
            },
        };
        return body.ToJsonString();
    }

    private static string NewArticle(string id, string condition, string fix = "Do the thing.") => $"""
        ---
        id: {id}
        title: A cause added from chat
        when:
          - {condition}
        confidence: low
        ---
        ## Symptoms
        It fails.
        ## Diagnosis
        It is refused.
        ## Fix
        {fix}
        ## Why it works
        Because.
        """;
}

/// <summary>Both replicas on one SQLite file.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SqliteKnowledgeBaseReplicaTests : KnowledgeBaseReplicaTests
{
    private readonly string _data = Directory.CreateTempSubdirectory("sshbot-replicas-").FullName;

    protected override Task<Dictionary<string, string?>> StoreConfigurationAsync() =>
        Task.FromResult(new Dictionary<string, string?> { ["Storage:DataDirectory"] = _data });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}

/// <summary>Both replicas on one PostgreSQL schema.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PostgresKnowledgeBaseReplicaTests : KnowledgeBaseReplicaTests
{
    private PostgresSchema? _schema;

    public override async ValueTask InitializeAsync() => _schema = await PostgresSchema.CreateAsync(Ct);

    protected override Task<Dictionary<string, string?>> StoreConfigurationAsync() =>
        Task.FromResult(new Dictionary<string, string?> { ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = _schema!.ConnectionString });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}
