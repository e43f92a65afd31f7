using SshBot.Chat.Conversation;
using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Regressions;

/// <summary>
/// Issue 16 item 8 (SECURITY.md 13): the rate-limit test never checked that limits are keyed by
/// the verified platform, team and user: a user id is only unique inside its team.
/// </summary>
public sealed class RateLimitKeysTests
{
    [Fact]
    public async Task TheSameUserIdInAnotherTeamOrOnAnotherPlatformHasItsOwnLimit()
    {
        await using var world = await ChatWorld.CreateAsync(perUser: 1);
        var inTeam1 = new ChatUser("slack", "T1", "U_SAME");

        await world.SayAsync("can't ssh to web-01", "Ev1", inTeam1);
        await world.SayAsync("can't ssh to web-02", "Ev2", inTeam1);
        var limited = world.Channel.Sent.Count(s => s.Card.Summary.Contains("try again in", StringComparison.Ordinal));
        await world.SayAsync("can't ssh to web-03", "Ev3", new ChatUser("slack", "T2", "U_SAME"));
        await world.SayAsync("can't ssh to web-04", "Ev4", new ChatUser("teams", "T1", "U_SAME"));

        Assert.Equal(1, limited);
        Assert.Equal(3, world.Runner.Runs);
        Assert.Equal(1, world.Channel.Sent.Count(s => s.Card.Summary.Contains("try again in", StringComparison.Ordinal)));
    }
}
