using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SshBot.Chat.Cards;
using SshBot.Chat.Conversation;
using SshBot.Chat.Slack;
using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Slack;

/// <summary>chat.postMessage against a fake Slack Web API on loopback that fails on purpose.</summary>
public sealed class SlackRetryTests
{
    private static readonly ChatThread Thread = new("C1", "1700000000.000100");

    private static ChatCard Card => ChatCard.Text("Looking at web-01…");

    [Fact]
    public async Task ServerErrorsAreTriedAgainWithGrowingWaitsUntilTheMessageIsPosted()
    {
        await using var rig = await Rig.StartAsync();
        var (slack, api) = (rig.Slack, rig.Api);
        slack.Fail(3, 503);

        var ts = await api.PostAsync(Thread, Card, TestContext.Current.CancellationToken);

        Assert.Equal("1800000000.000001", ts);
        var attempts = slack.Attempts;
        Assert.Equal(4, attempts.Count);
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => b - a).ToList();
        Assert.True(gaps[0] >= TimeSpan.FromMilliseconds(90), $"first wait {gaps[0]}");
        Assert.True(gaps[1] >= TimeSpan.FromMilliseconds(190), $"second wait {gaps[1]}");
        Assert.True(gaps[2] >= TimeSpan.FromMilliseconds(390), $"third wait {gaps[2]}");
    }

    [Fact]
    public async Task AServerThatKeepsFailingIsTriedFiveTimesAndThenTheErrorSurfaces()
    {
        await using var rig = await Rig.StartAsync();
        var (slack, api) = (rig.Slack, rig.Api);
        slack.Fail(100, 500);

        await Assert.ThrowsAsync<HttpRequestException>(() => api.PostAsync(Thread, Card, TestContext.Current.CancellationToken));

        Assert.Equal(5, slack.Attempts.Count);
        Assert.Empty(slack.Drain());
    }

    [Fact]
    public async Task TooManyRequestsWaitsTheRetryAfterSlackAsksFor()
    {
        await using var rig = await Rig.StartAsync();
        var (slack, api) = (rig.Slack, rig.Api);
        slack.Fail(1, 429, retryAfter: "1");

        await api.PostAsync(Thread, Card, TestContext.Current.CancellationToken);

        var attempts = slack.Attempts;
        Assert.Equal(2, attempts.Count);
        Assert.True(attempts[1] - attempts[0] >= TimeSpan.FromMilliseconds(950), $"waited {attempts[1] - attempts[0]}");
    }

    [Fact]
    public async Task ARetryAfterBeyondTheTimeBudgetGivesUpAtOnceInsteadOfWaiting()
    {
        await using var rig = await Rig.StartAsync(maxRetryTime: TimeSpan.FromSeconds(5));
        var (slack, api) = (rig.Slack, rig.Api);
        slack.Fail(1, 429, retryAfter: "120");
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<HttpRequestException>(() => api.PostAsync(Thread, Card, TestContext.Current.CancellationToken));

        Assert.Single(slack.Attempts);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task APermanentClientErrorIsNotTriedAgain(int status)
    {
        await using var rig = await Rig.StartAsync();
        var (slack, api) = (rig.Slack, rig.Api);
        slack.Fail(1, status);

        await Assert.ThrowsAsync<HttpRequestException>(() => api.PostAsync(Thread, Card, TestContext.Current.CancellationToken));

        Assert.Single(slack.Attempts);
    }

    /// <summary>The real <see cref="SlackWebApi"/> with short back-off, pointed at a fake Slack.</summary>
    private sealed class Rig(FakeSlackApi slack, ServiceProvider services, SlackWebApi api) : IAsyncDisposable
    {
        public FakeSlackApi Slack => slack;

        public SlackWebApi Api => api;

        public static async Task<Rig> StartAsync(TimeSpan? maxRetryTime = null)
        {
            var slack = await FakeSlackApi.StartAsync();
            var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
            var options = Options.Create(new SlackOptions
            {
                BotToken = "xoxb-test-token",
                ApiUrl = slack.ApiUrl,
                RetryBaseDelay = TimeSpan.FromMilliseconds(100),
                MaxRetryTime = maxRetryTime ?? TimeSpan.FromSeconds(30),
            });
            return new Rig(slack, services, new SlackWebApi(services.GetRequiredService<IHttpClientFactory>(), options, TimeProvider.System));
        }

        public async ValueTask DisposeAsync()
        {
            await services.DisposeAsync();
            await slack.DisposeAsync();
        }
    }
}
