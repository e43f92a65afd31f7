using System.Text.Json.Nodes;
using SshBot.KnowledgeBase.Rendering;

namespace SshBot.Chat.Cards;

/// <summary>Cards as Adaptive Card 1.4 JSON (what Teams renders), buttons as Action.Submit.</summary>
public static class TeamsCardRenderer
{
    private static readonly TeamsRenderer Articles = new();

    public static JsonObject Render(ChatCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var body = new JsonArray();
        foreach (var block in card.Blocks)
        {
            switch (block)
            {
                case CardHeading h:
                    body.Add((JsonNode)TextBlock(Escape(h.Text), weight: "Bolder", size: "Medium"));
                    break;
                case CardText t:
                    body.Add((JsonNode)TextBlock(Escape(t.Text)));
                    break;
                case CardList l:
                    body.Add((JsonNode)TextBlock($"**{Escape(l.Title)}**\n\n" + string.Join("\n", l.Items.Select(i => "- " + Escape(i)))));
                    break;
                case CardArticleSection a:
                    body.Add((JsonNode)TextBlock($"**{Escape(a.Title)}**\n\n" + Articles.RenderBlocks(a.Section.Content)));
                    break;
            }
        }

        var actions = new JsonArray();
        foreach (var button in card.Buttons)
        {
            actions.Add((JsonNode)new JsonObject
            {
                ["type"] = "Action.Submit",
                ["title"] = button.Label,
                ["data"] = new JsonObject { ["action"] = button.ActionId, ["value"] = button.Value },
            });
        }

        return new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.4",
            ["fallbackText"] = card.Summary,
            ["body"] = body,
            ["actions"] = actions,
        };
    }

    private static JsonObject TextBlock(string text, string? weight = null, string? size = null)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (weight is not null)
        {
            block["weight"] = weight;
        }

        if (size is not null)
        {
            block["size"] = size;
        }

        return block;
    }

    private static string Escape(string text) => TeamsRenderer.EscapeText(text);
}
