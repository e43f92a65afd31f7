using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SshBot.Chat.Slack;

namespace SshBot.Lab.Tests.Infrastructure;

/// <summary>The real <c>sshbot serve</c> on a loopback port of its own, and Slack events signed as Slack signs them.</summary>
public static class ServeUnderTest
{
    /// <summary>Starts it with <paramref name="environment"/> and waits until it listens.</summary>
    public static async Task<SshbotProcess> StartAsync(IReadOnlyDictionary<string, string> environment, int port)
    {
        var serve = SshbotProcess.Start(environment, "serve", "--urls", $"http://127.0.0.1:{port}");
        await serve.WaitForLineAsync(l => l.Contains("Now listening on", StringComparison.Ordinal));
        return serve;
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>An app_mention event from <paramref name="user"/> in <paramref name="channel"/>, signed with <paramref name="secret"/>.</summary>
    public static Task<HttpResponseMessage> MentionAsync(HttpClient http, string secret, string eventId, string user, string channel, string ts, string text)
    {
        var body = $$"""
            {"token":"x","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":"{{eventId}}","event_time":1700000000,
             "event":{"type":"app_mention","user":"{{user}}","text":"<@U0BOT> {{text}}","ts":"{{ts}}","channel":"{{channel}}","event_ts":"{{ts}}"} }
            """;
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Sign(secret, timestamp, Encoding.UTF8.GetBytes(body)));
        return http.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
