using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SshBot.Chat.Hosting;
using SshBot.Chat.Slack;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents;

namespace SshBot.Lab.Tests.Infrastructure;

/// <summary>
/// The real `sshbot serve` host on 127.0.0.1 with the real diagnosis engine, a fake Slack Web API
/// and a fake Bot Framework on loopback, and the lab's subnet allowed through Targets:Allow.
/// </summary>
public sealed class ChatLabHost : IAsyncDisposable
{
    public const string Secret = "lab-signing-secret-0123456789abcdef";

    private ChatLabHost(WebApplication app, FakeSlackApi slack, FakeBotFramework teams, string directory)
    {
        App = app;
        Slack = slack;
        Teams = teams;
        Directory = directory;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public WebApplication App { get; }

    public FakeSlackApi Slack { get; }

    public FakeBotFramework Teams { get; }

    public string Directory { get; }

    public HttpClient Http { get; }

    public IIncidentStore Store => App.Services.GetRequiredService<IIncidentStore>();

    /// <param name="labAddress">Any lab host's address: its /24 is allowed.</param>
    /// <param name="socketMode">Slack in Socket Mode too (the fake Slack serves the WebSocket).</param>
    public static async Task<ChatLabHost> StartAsync(string labAddress, bool socketMode = false)
    {
        var slack = await FakeSlackApi.StartAsync();
        var teams = await FakeBotFramework.StartAsync();
        var dir = System.IO.Directory.CreateTempSubdirectory("sshbot-serve-lab-").FullName;
        var subnet = new IPNetwork(IPAddress.Parse(labAddress), 24).BaseAddress + "/24";
        var settings = new Dictionary<string, string?>(teams.Settings)
        {
            ["Slack:SigningSecret"] = Secret,
            ["Slack:BotToken"] = "xoxb-lab-token",
            ["Slack:BotUserId"] = "U0BOT",
            ["Slack:ApiUrl"] = slack.ApiUrl.ToString(),
            ["Storage:DataDirectory"] = dir,
            ["Targets:Allow:0"] = subnet,
            ["Kb:Directory"] = Path.Combine(Repository.Root, "kb"),
        };
        if (socketMode)
        {
            settings["Slack:AppToken"] = FakeSocketMode.AppToken;
        }

        var app = await ChatServer.BuildAsync(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(settings);
        });
        await app.StartAsync();
        return new ChatLabHost(app, slack, teams, dir);
    }

    /// <summary>An Events API callback with an app_mention, as Slack sends it.</summary>
    public static string Mention(string eventId, string text, string ts) =>
        $$"""
        {"token":"x","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":"{{eventId}}","event_time":1700000000,
         "event":{"type":"app_mention","user":"U_ALICE","text":"<@U0BOT> {{text}}","ts":"{{ts}}","channel":"C1","event_ts":"{{ts}}"} }
        """;

    /// <summary>An app_mention event, signed as Slack signs it.</summary>
    public Task<HttpResponseMessage> MentionAsync(string eventId, string text, string ts)
    {
        var body = Mention(eventId, text, ts);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(body)));
        return Http.SendAsync(request);
    }

    /// <summary>A Teams message activity with a token from the fake Bot Framework's own key.</summary>
    public Task<HttpResponseMessage> TeamsMessageAsync(string activityId, string text)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(Teams.Activity(text, activityId), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Teams.Token());
        return Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        var store = Store;
        await App.DisposeAsync();
        await store.DisposeAsync();
        await Slack.DisposeAsync();
        await Teams.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
