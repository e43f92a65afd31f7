using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Work;

/// <summary>
/// A flood of signed Slack events against the real server while Slack's API is stalled: what
/// was answered 200 is answered in its thread exactly once, what could not be stored is
/// answered 503, and a 503 delivered again is then taken once.
/// </summary>
public sealed class SaturationTests
{
    private const int Events = 60;

    private static readonly Dictionary<string, string?> SmallQueue = new()
    {
        ["Work:MaxQueued"] = "8",
        ["Work:Workers"] = "2",
        ["RateLimit:PerUser"] = "1000",
    };

    private static string Target(int i) => string.Create(CultureInfo.InvariantCulture, $"10.9.{i / 200}.{i % 200 + 1}");

    private static string Event(int i) =>
        BotServer.MentionEvent($"EvFlood{i}", $"can't ssh to {Target(i)}", user: $"U{i}", channel: $"C{i}");

    [Fact]
    public async Task EveryEventAnswered200GetsExactlyOneReplyAndTheRestGet503()
    {
        await using var bot = await BotServer.StartAsync(extra: SmallQueue);
        bot.Slack.Stall();

        var statuses = new ConcurrentDictionary<int, HttpStatusCode>();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, Events),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestContext.Current.CancellationToken },
            async (i, _) => statuses[i] = (await bot.PostSignedAsync("/api/slack/events", Event(i))).StatusCode);
        bot.Slack.Resume();

        var accepted = statuses.Where(s => s.Value == HttpStatusCode.OK).Select(s => s.Key).ToHashSet();
        var refused = statuses.Where(s => s.Value == HttpStatusCode.ServiceUnavailable).Select(s => s.Key).ToHashSet();
        Assert.Equal(Events, accepted.Count + refused.Count);
        Assert.InRange(accepted.Count, 8, 8 + 2 + 1);
        foreach (var i in accepted)
        {
            await bot.Slack.WaitForAsync(c => IsVerdict(c, $"C{i}"));
        }

        var calls = bot.Slack.Drain();
        foreach (var i in accepted)
        {
            Assert.Single(calls, c => c.Method == "chat.postMessage" && c.Str("channel") == $"C{i}");
        }

        Assert.DoesNotContain(calls, c => refused.Contains(int.Parse(c.Str("channel")![1..], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A503DeliveredAgainIsTakenAndAnsweredOnce()
    {
        await using var bot = await BotServer.StartAsync(extra: SmallQueue);
        bot.Slack.Stall();
        var accepted = new List<int>();
        var refused = -1;
        for (var i = 0; i < 20 && refused < 0; i++)
        {
            if ((await bot.PostSignedAsync("/api/slack/events", Event(i))).StatusCode == HttpStatusCode.OK)
            {
                accepted.Add(i);
            }
            else
            {
                refused = i;
            }
        }

        Assert.True(refused >= 0, "the queue never filled");
        bot.Slack.Resume();
        foreach (var i in accepted)
        {
            await bot.Slack.WaitForAsync(c => IsVerdict(c, $"C{i}"));
        }

        var again = await bot.PostSignedAsync("/api/slack/events", Event(refused), retryNum: "1");
        await bot.Slack.WaitForAsync(c => IsVerdict(c, $"C{refused}"));
        var third = await bot.PostSignedAsync("/api/slack/events", Event(refused), retryNum: "2");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (again.StatusCode, third.StatusCode));
        Assert.Single(bot.Slack.Drain(), c => c.Method == "chat.postMessage" && c.Str("channel") == $"C{refused}");
        Assert.Equal(accepted.Count + 1, bot.Runner.Runs);
    }

    private static bool IsVerdict(SlackCall c, string channel) =>
        c.Method == "chat.update" && c.Str("channel") == channel && c.Text.Contains("Nothing listens", StringComparison.Ordinal);
}
