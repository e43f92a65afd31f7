using System.Text;
using SshBot.Chat.Cards;
using SshBot.Chat.Conversation;

namespace SshBot.Chat.Tests.Cards;

/// <summary>
/// The worst card a user can cause (a long target echoed in a button, many findings, text full of
/// characters that grow when escaped) still fits the platforms' published limits, so Slack never
/// answers invalid_blocks and Teams never 413: Block Kit's 50 blocks, 3000 characters a section,
/// 75 a button label, 2000 a value; a Teams message under about 28 KB.
/// </summary>
public sealed class PlatformLimitTests
{
    private static readonly string LongTarget = "db-" + new string('7', 240) + ".example.internal";

    private static ChatCard Worst(int blocks)
    {
        var items = Enumerable.Range(0, 40).Select(i => $"cause-{i}: <&> & {new string('&', 120)} https://x.example/{i}").ToArray();
        var parts = new List<CardBlock> { new CardHeading(LongTarget + " " + new string('<', 400)) };
        for (var i = 0; i < blocks; i++)
        {
            parts.Add(i % 2 == 0 ? new CardText(new string('&', 1990) + "😀") : new CardList("Other possible causes", items));
        }

        return new ChatCard(
            $"{LongTarget}: {new string('&', 3000)}",
            parts,
            [new CardButton(CardActions.RunAgain, $"Run again on {LongTarget}", new string('v', 5000)), new CardButton(CardActions.Fixed, "Fixed it", LongTarget)]);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(49)]
    [InlineData(120)]
    public void ASlackCardStaysWithinBlockKitLimits(int blocks)
    {
        var (text, rendered) = SlackCardRenderer.Render(Worst(blocks));

        Assert.InRange(rendered.Count, 1, SlackCardRenderer.MaxBlocks);
        Assert.InRange(text.Length, 1, 40_000);
        foreach (var section in rendered.Where(b => b!["type"]!.GetValue<string>() == "section"))
        {
            var mrkdwn = section!["text"]!["text"]!.GetValue<string>();
            Assert.InRange(mrkdwn.Length, 1, 3000);
            Assert.False(char.IsHighSurrogate(mrkdwn.TrimEnd('…')[^1]), "a surrogate pair was cut in half");
        }

        var buttons = rendered.Last()!["elements"]!.AsArray();
        Assert.Equal(2, buttons.Count);
        Assert.All(buttons, b => Assert.InRange(b!["text"]!["text"]!.GetValue<string>().Length, 1, 75));
        Assert.All(buttons, b => Assert.InRange(b!["value"]!.GetValue<string>().Length, 1, 2000));
        if (blocks + 1 > SlackCardRenderer.MaxBlocks - 1)
        {
            Assert.Contains("did not fit in one Slack message", rendered[^2]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(120)]
    public void ATeamsActivityStaysUnderTheMessageSizeLimitAndKeepsItsButtons(int blocks)
    {
        var activity = TeamsCardRenderer.Activity(Worst(blocks));

        Assert.InRange(Encoding.UTF8.GetByteCount(activity.ToJsonString()), 1, 28 * 1024);
        var card = activity["attachments"]![0]!["content"]!;
        Assert.Equal(2, card["actions"]!.AsArray().Count);
        if (blocks > 3)
        {
            Assert.Contains("did not fit in one Teams message", card["body"]!.AsArray().Last()!.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ASmallCardIsNotCut()
    {
        var card = new ChatCard("web-01: healthy", [new CardHeading("web-01"), new CardText("SSH works.")], [new CardButton(CardActions.Fixed, "Fixed it", "1")]);

        var (_, slack) = SlackCardRenderer.Render(card);
        var teams = TeamsCardRenderer.Render(card);

        Assert.Equal(3, slack.Count);
        Assert.Equal(2, teams["body"]!.AsArray().Count);
        Assert.DoesNotContain("did not fit", slack.ToJsonString() + teams.ToJsonString(), StringComparison.Ordinal);
    }
}
