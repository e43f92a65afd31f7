using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SshBot.Chat.Running;
using SshBot.Chat.Tests.Support;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Targets;

namespace SshBot.Chat.Tests.Work;

/// <summary>
/// A burst of diagnoses in one conversation through the real server: the calls the fake Slack
/// and Bot Framework receive stay within the platforms' published rate limits, and every
/// diagnosis still ends with its final card.
/// </summary>
public sealed class OutboundLimitTests
{
    private const int Burst = 12;

    [Fact]
    public async Task TeamsCallsPerConversationStayWithinTheBotConnectorsLimits()
    {
        await using var teams = await FakeBotFramework.StartAsync();
        await using var bot = await BotServer.StartAsync(new SteppingRunner(), Settings(teams.Settings));
        var token = teams.Token();

        for (var i = 0; i < Burst; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
            {
                Content = new StringContent(teams.Activity($"can't ssh to web-{i:00}", id: $"act-{i}"), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await bot.Http.SendAsync(request)).StatusCode);
        }

        for (var i = 0; i < Burst; i++)
        {
            var target = $"web-{i:00}";
            await teams.WaitForAsync(c => c.Method == "PUT" && Text(c).StartsWith(target + ":", StringComparison.Ordinal));
        }

        var times = teams.Drain().Select(c => c.At).Order().ToList();
        Assert.True(times.Count >= 2 * Burst, $"{times.Count} calls");
        AssertAtMost(times, 7, TimeSpan.FromSeconds(1));
        AssertAtMost(times, 8, TimeSpan.FromSeconds(2));
        AssertAtMost(times, 60, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task SlackUpdatesStayWithinTheTierAndPostsWithinOneASecondPerChannel()
    {
        await using var bot = await BotServer.StartAsync(new SteppingRunner(), Settings(new()));

        for (var i = 0; i < 2 * Burst; i++)
        {
            // A third in one channel (its posts are paced), the rest in channels of their own.
            var channel = i % 3 == 0 ? "C0" : $"C{i}";
            var body = BotServer.MentionEvent($"EvBurst{i}", $"can't ssh to web-{i:00}", user: $"U{i}", ts: $"17000000{i:00}.000100", channel: channel);
            Assert.Equal(HttpStatusCode.OK, (await bot.PostSignedAsync("/api/slack/events", body)).StatusCode);
        }

        for (var i = 0; i < 2 * Burst; i++)
        {
            var target = $"web-{i:00}";
            await bot.Slack.WaitForAsync(c => c.Method == "chat.update" && c.Text.StartsWith(target + ":", StringComparison.Ordinal));
        }

        var calls = bot.Slack.Drain();
        var updates = calls.Where(c => c.Method == "chat.update").Select(c => c.At).Order().ToList();
        Assert.True(updates.Count > 2 * Burst, $"{updates.Count} updates: progress was never sent");
        AssertAtMost(updates, 50, TimeSpan.FromMinutes(1));
        var posts = calls.Where(c => c.Method == "chat.postMessage" && c.Str("channel") == "C0").Select(c => c.At).Order().ToList();
        Assert.Equal(2 * Burst / 3, posts.Count);
        Assert.All(posts.Zip(posts.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= TimeSpan.FromSeconds(0.9), $"two posts {gap.TotalMilliseconds} ms apart"));
        foreach (var message in calls.Where(c => c.Method == "chat.update" && !IsFinal(c)).GroupBy(c => (c.Str("channel"), c.Str("ts"))))
        {
            var times = message.Select(c => c.At).Order().ToList();
            Assert.All(times.Zip(times.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= TimeSpan.FromSeconds(0.9), $"progress {gap.TotalMilliseconds} ms apart"));
        }
    }

    private static Dictionary<string, string?> Settings(Dictionary<string, string?> platform) =>
        new(platform) { ["RateLimit:PerUser"] = "1000", ["Work:MaxPerUser"] = "1000", ["Work:MaxConcurrentDiagnoses"] = "64", ["Work:Workers"] = "64" };

    private static string Text(ConnectorCall c) => c.Body["text"]?.GetValue<string>() ?? "";

    private static bool IsFinal(SlackCall c) => c.Body["blocks"]?.AsArray().Any(b => b?["type"]?.GetValue<string>() == "actions") == true;

    private static void AssertAtMost(List<DateTimeOffset> times, int permits, TimeSpan window)
    {
        for (var i = 0; i < times.Count; i++)
        {
            var inWindow = times.Skip(i).TakeWhile(t => t - times[i] < window).Count();
            Assert.True(inWindow <= permits, string.Create(CultureInfo.InvariantCulture, $"{inWindow} calls within {window.TotalSeconds} s from {times[i]:HH:mm:ss.fff} (at most {permits})"));
        }
    }

    /// <summary>A diagnosis that reports six stages over about a second, as a real one does.</summary>
    private sealed class SteppingRunner : IDiagnosisRunner
    {
        public async Task<Diagnosis> RunAsync(Target target, RequestOrigin origin, DiagnosisJob job, IProgress<StageReport> progress, CancellationToken ct)
        {
            foreach (var stage in new[] { "resolve", "connect", "identify", "negotiate", "authenticate", "path" })
            {
                await Task.Delay(150, ct);
                progress.Report(new StageReport(stage, StageStatus.Ok, 150, "ok"));
            }

            var observations = new Dictionary<string, ObservationValue> { ["tcp.status"] = ObservationValue.Of("refused") };
            return new Diagnosis(target, PolicyDecision.Allow("allowlisted"), [IPAddress.Parse("10.1.2.3").ToString()], observations, [], 900);
        }
    }
}
