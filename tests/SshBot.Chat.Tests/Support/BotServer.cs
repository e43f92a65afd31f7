using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NSubstitute;
using SshBot.Chat.Hosting;
using SshBot.Chat.Running;
using SshBot.Chat.Slack;
using SshBot.Chat.Work;
using SshBot.Diagnostics.Seams;
using SshBot.Incidents;
using SshBot.KnowledgeBase;

namespace SshBot.Chat.Tests.Support;

/// <summary>The real `sshbot serve` host on 127.0.0.1 with a fake Slack API and a scripted diagnosis.</summary>
public sealed class BotServer : IAsyncDisposable
{
    public const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";

    private readonly bool _ownsDirectory;
    private readonly CallLog<string> _finished = new();

    private BotServer(WebApplication app, FakeSlackApi slack, IDiagnosisRunner runner, string directory, bool ownsDirectory)
    {
        _ownsDirectory = ownsDirectory;
        App = app;
        Slack = slack;
        AnyRunner = runner;
        Directory = directory;
    }

    public WebApplication App { get; }

    public FakeSlackApi Slack { get; }

    /// <summary>The scripted runner, when the server was started with one (the default).</summary>
    public ScriptedRunner Runner => (ScriptedRunner)AnyRunner;

    public IDiagnosisRunner AnyRunner { get; }

    public string Directory { get; }

    /// <summary>A client of the server (its address is known once it started).</summary>
    public HttpClient Http => field ??= new HttpClient { BaseAddress = new Uri(App.Urls.First()) };

    /// <summary>Waits (20 s at most) until the request stored under that key was marked done.</summary>
    public Task WaitFinishedAsync(string key) => _finished.WaitForAsync(k => k == key);

    public IIncidentStore Store => App.Services.GetRequiredService<IIncidentStore>();

    /// <param name="logs">Where the host's logs go (default: nowhere).</param>
    /// <param name="dataDirectory">Another server's data directory, to start on its store (it is left for that server to delete).</param>
    /// <param name="configure">Runs last on the host's builder (e.g. to add an in-memory trace exporter).</param>
    public static async Task<BotServer> StartAsync(IDiagnosisRunner? runner = null, IDictionary<string, string?>? extra = null, ILoggerProvider? logs = null, string? dataDirectory = null, Action<WebApplicationBuilder>? configure = null)
    {
        var slack = await FakeSlackApi.StartAsync();
        var dir = dataDirectory ?? Path.Combine(Path.GetTempPath(), "sshbot-serve-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        runner ??= ScriptedRunner.Refused();
        var dns = FakeDns.Create();
        var app = await ChatServer.BuildAsync([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
            }
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Slack:SigningSecret"] = Secret,
                ["Slack:BotToken"] = "xoxb-test-token",
                ["Slack:BotUserId"] = "U0BOT",
                ["Slack:ApiUrl"] = slack.ApiUrl.ToString(),
                ["Slack:ResponseUrlBase"] = slack.HooksUrl.ToString(),
                ["Slack:FileUrlBase"] = slack.FilesUrl.ToString(),
                ["Storage:DataDirectory"] = dir,
                ["Targets:Allow:0"] = "10.0.0.0/8",
                ["Kb:Directory"] = KnowledgeBaseLocator.FindFrom(AppContext.BaseDirectory),
                ["Admins:0"] = "U_ADMIN",
            });
            if (extra is not null)
            {
                builder.Configuration.AddInMemoryCollection(extra);
            }

            builder.Services.AddSingleton<IDiagnosisRunner>(runner);
            builder.Services.AddSingleton(dns);
            configure?.Invoke(builder);
        });
        var server = new BotServer(app, slack, runner, dir, ownsDirectory: dataDirectory is null);
        app.Services.GetRequiredService<WorkRunner>().Finished += server._finished.Add;
        await app.StartAsync();
        return server;
    }

    /// <summary>Posts a body signed as Slack would, now (or at the given time).</summary>
    public Task<HttpResponseMessage> PostSignedAsync(string path, string body, string contentType = "application/json", DateTimeOffset? at = null, string? retryNum = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(body)));
        if (retryNum is not null)
        {
            request.Headers.Add("X-Slack-Retry-Num", retryNum);
        }

        return Http.SendAsync(request);
    }

    public static string MentionEvent(string eventId, string text, string user = "U_ALICE", string ts = "1700000000.000100", string channel = "C1", string team = "T1") =>
        $$"""
        {"token":"x","team_id":"{{team}}","api_app_id":"A1","type":"event_callback","event_id":"{{eventId}}","event_time":1700000000,
         "event":{"type":"app_mention","user":"{{user}}","text":"<@U0BOT> {{text}}","ts":"{{ts}}","channel":"{{channel}}","event_ts":"{{ts}}"} }
        """;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        // Every payload any test made the bot send to Slack stays within Slack's limits.
        var sent = Slack.Drain().Where(c => c.Method != "outside").ToList();
        await Slack.DisposeAsync();
        SlackLimits.AssertAllWithin(sent);
        if (!_ownsDirectory)
        {
            return;
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
