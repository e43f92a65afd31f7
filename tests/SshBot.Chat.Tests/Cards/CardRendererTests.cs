using SshBot.Chat.Cards;
using SshBot.KnowledgeBase.Articles;

namespace SshBot.Chat.Tests.Cards;

public sealed class CardRendererTests
{
    private static ChatCard VerdictLike()
    {
        var article = Support.RealKb.Load().Articles["sshd-not-listening"];
        return new ChatCard(
            "web-01: <!channel> & co",
            [
                new CardHeading("web-01: *bold* <@U1>"),
                new CardList("Evidence", ["tcp.status == refused"]),
                new CardArticleSection("Fix", article.Section(SectionNames.Fix)!),
            ],
            [new CardButton(SshBot.Chat.Conversation.CardActions.Fixed, "Fixed it", "1|web-01")]);
    }

    [Fact]
    public void SlackGetsBlocksAndAnEscapedTextFallbackSoNothingPingsAChannel()
    {
        var (text, blocks) = SlackCardRenderer.Render(VerdictLike());

        Assert.Equal("web-01: `&lt;!channel&gt;` &amp; co", text);
        Assert.Equal("*web-01: `*bold*` `&lt;@U1&gt;`*", blocks[0]!["text"]!["text"]!.GetValue<string>());
        Assert.Contains("`systemctl enable --now ssh`", blocks[2]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("actions", blocks[^1]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void TeamsGetsAnAdaptiveCardWithSubmitActionsAndCardTextInTextRunsThatNoClientReadsAsMarkdown()
    {
        var card = TeamsCardRenderer.Render(VerdictLike());

        Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>());
        var heading = card["body"]![0]!;
        Assert.Equal("RichTextBlock", heading["type"]!.GetValue<string>());
        Assert.Equal(
            [("web-01: ", false), ("*bold*", true), (" ", false), ("<@U1>", true)],
            heading["inlines"]!.AsArray().Select(r => (r!["text"]!.GetValue<string>(), r["fontType"]?.GetValue<string>() == "Monospace")));
        Assert.Equal("web-01: `‹!channel›` & co", card["fallbackText"]!.GetValue<string>());
        var fix = card["body"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "TextBlock")!;
        Assert.Contains("systemctl enable --now ssh", fix["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Action.Submit", card["actions"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("1|web-01", card["actions"]![0]!["data"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void PlainTextKeepsNoTerminalEscapesAndNamesTheWordsToType()
    {
        var text = PlainTextCardRenderer.Render(new ChatCard("x", [new CardText("banner \u001b[31mred")], [new CardButton(SshBot.Chat.Conversation.CardActions.NotIt, "Not it", "1|a")]));

        Assert.DoesNotContain('\u001b', text);
        Assert.Contains("'not it' (Not it)", text, StringComparison.Ordinal);
    }
}
