using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SshBot.Chat.Cards;
using SshBot.Chat.Conversation;
using SshBot.Chat.Teams;
using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Teams;

/// <summary>Replies through the real <see cref="BotConnectorClient"/> to a fake Bot Connector on loopback that fails on purpose.</summary>
public sealed class ConnectorBackOffTests
{
    private static readonly ChatThread Thread = new("19:conv", "act-1");

    private static ChatCard Card => ChatCard.Text("Looking at web-01…");

    [Theory]
    [InlineData(429)]
    [InlineData(412)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task ThrottledOrUnavailableAnswersAreTriedAgainUntilTheReplyArrives(int status)
    {
        await using var rig = await Rig.StartAsync();
        rig.Teams.Fail(2, status);

        var id = await rig.Channel.PostAsync(Thread, Card, TestContext.Current.CancellationToken);

        Assert.Equal("reply-1", id);
        var attempts = rig.Teams.Attempts;
        Assert.Equal(3, attempts.Count);
        Assert.True(attempts[2] - attempts[1] >= TimeSpan.FromMilliseconds(190), $"second wait {attempts[2] - attempts[1]}");
        Assert.Single(rig.Teams.Drain());
    }

    [Fact]
    public async Task TheRetryAfterTheConnectorAsksForIsWaited()
    {
        await using var rig = await Rig.StartAsync();
        rig.Teams.Fail(1, 429, retryAfter: "1");

        await rig.Channel.UpdateAsync(Thread, "reply-1", Card, TestContext.Current.CancellationToken);

        var attempts = rig.Teams.Attempts;
        Assert.Equal(2, attempts.Count);
        Assert.True(attempts[1] - attempts[0] >= TimeSpan.FromMilliseconds(950), $"waited {attempts[1] - attempts[0]}");
        Assert.Equal("PUT", Assert.Single(rig.Teams.Drain()).Method);
    }

    [Fact]
    public async Task AConnectorThatStaysUnavailableIsTriedFiveTimesAtMost()
    {
        await using var rig = await Rig.StartAsync();
        rig.Teams.Fail(100, 502);

        await Assert.ThrowsAsync<HttpRequestException>(() => rig.Channel.PostAsync(Thread, Card, TestContext.Current.CancellationToken));

        Assert.Equal(5, rig.Teams.Attempts.Count);
        Assert.Empty(rig.Teams.Drain());
    }

    [Fact]
    public async Task NoWaitIsStartedThatWouldEndPastTheTimeBudget()
    {
        // Waits of 1 s then 2 s: the second would end about 3 s after the first try, past the
        // 2.5 s budget, so the client gives up after two tries instead of sleeping through it.
        var time = new WaitRecordingTime();
        await using var rig = await Rig.StartAsync(maxRetryTime: TimeSpan.FromSeconds(2.5), baseDelay: TimeSpan.FromSeconds(1), time: time);
        rig.Teams.Fail(100, 504);

        await Assert.ThrowsAsync<HttpRequestException>(() => rig.Channel.PostAsync(Thread, Card, TestContext.Current.CancellationToken));

        Assert.Equal(2, rig.Teams.Attempts.Count);
        // The waits the client started, not how long the test took (a busy machine stretches that).
        Assert.Equal([TimeSpan.FromSeconds(1)], time.Waits);
        Assert.Empty(rig.Teams.Drain());
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(500)]
    public async Task OtherFailuresAreNotTriedAgain(int status)
    {
        await using var rig = await Rig.StartAsync();
        rig.Teams.Fail(1, status);

        await Assert.ThrowsAsync<HttpRequestException>(() => rig.Channel.PostAsync(Thread, Card, TestContext.Current.CancellationToken));

        Assert.Single(rig.Teams.Attempts);
    }

    /// <summary>The real client with short back-off, pointed at a fake Bot Framework.</summary>
    private sealed class Rig(FakeBotFramework teams, ServiceProvider services, BotConnectorClient client) : IAsyncDisposable
    {
        public FakeBotFramework Teams => teams;

        public IChatChannel Channel { get; } = client.For(teams.Url);

        public static async Task<Rig> StartAsync(TimeSpan? maxRetryTime = null, TimeSpan? baseDelay = null, TimeProvider? time = null)
        {
            var teams = await FakeBotFramework.StartAsync();
            var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
            var options = Options.Create(new TeamsOptions
            {
                AppId = FakeBotFramework.AppId,
                AppPassword = "app-password",
                TokenUrl = new Uri(teams.Url + "/token"),
                RetryBaseDelay = baseDelay ?? TimeSpan.FromMilliseconds(100),
                MaxRetryTime = maxRetryTime ?? TimeSpan.FromSeconds(30),
            });
            return new Rig(teams, services, new BotConnectorClient(services.GetRequiredService<IHttpClientFactory>(), options, time ?? TimeProvider.System));
        }

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            await services.DisposeAsync();
            await teams.DisposeAsync();
        }
    }

    /// <summary>The system clock, noting every one-shot wait started on it (Task.Delay).</summary>
    private sealed class WaitRecordingTime : TimeProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<TimeSpan> _waits = new();

        public IReadOnlyList<TimeSpan> Waits => [.. _waits];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (period == Timeout.InfiniteTimeSpan && dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
            {
                _waits.Enqueue(dueTime);
            }

            return System.CreateTimer(callback, state, dueTime, period);
        }
    }
}
