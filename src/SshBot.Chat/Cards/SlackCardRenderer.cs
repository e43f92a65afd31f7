using System.Text.Json.Nodes;
using SshBot.KnowledgeBase.Rendering;

namespace SshBot.Chat.Cards;

/// <summary>Cards as Slack Block Kit, with the summary as the <c>text</c> fallback for notifications.</summary>
public static class SlackCardRenderer
{
    private const int MaxSectionText = 2900;
    private static readonly SlackRenderer Articles = new();

    /// <summary>The <c>text</c> and <c>blocks</c> fields of chat.postMessage / chat.update.</summary>
    public static (string Text, JsonArray Blocks) Render(ChatCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var blocks = new JsonArray();
        foreach (var block in card.Blocks)
        {
            var mrkdwn = block switch
            {
                CardHeading h => $"*{Escape(h.Text)}*",
                CardText t => Escape(t.Text),
                CardList l => $"*{Escape(l.Title)}*\n" + string.Join("\n", l.Items.Select(i => "• " + Escape(i))),
                CardArticleSection a => $"*{Escape(a.Title)}*\n" + Articles.RenderBlocks(a.Section.Content),
                _ => "",
            };
            if (mrkdwn.Length > MaxSectionText)
            {
                mrkdwn = mrkdwn[..MaxSectionText] + "…";
            }

            blocks.Add((JsonNode)new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = mrkdwn } });
        }

        if (card.Buttons.Count > 0)
        {
            var elements = new JsonArray();
            foreach (var button in card.Buttons)
            {
                elements.Add((JsonNode)new JsonObject
                {
                    ["type"] = "button",
                    ["action_id"] = button.ActionId,
                    ["value"] = button.Value,
                    ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = button.Label },
                });
            }

            blocks.Add((JsonNode)new JsonObject { ["type"] = "actions", ["elements"] = elements });
        }

        return (Escape(card.Summary), blocks);
    }

    /// <summary>Slack's three escapes, the same the article renderer uses.</summary>
    public static string Escape(string text) => SlackRenderer.EscapeText(text);
}
