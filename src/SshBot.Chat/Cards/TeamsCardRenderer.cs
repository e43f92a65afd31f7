using System.Text;
using System.Text.Json.Nodes;
using SshBot.KnowledgeBase.Rendering;

namespace SshBot.Chat.Cards;

/// <summary>
/// Cards as Adaptive Card 1.4 JSON (what Teams renders), buttons as Action.Submit, and the Bot
/// Framework activity that carries one. Card strings go into RichTextBlock TextRuns, which no
/// client reads as Markdown, with words that could be links in monospace; the activity's
/// <c>text</c> and the card's <c>fallbackText</c>, which are Markdown, go through
/// <see cref="Text"/>. Only article sections, from the knowledge base's renderer, are TextBlocks.
/// </summary>
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
                    body.Add((JsonNode)Rich(h.Text, bold: true, size: "Medium"));
                    break;
                case CardText t:
                    foreach (var line in SafeText.Clean(t.Text).Split('\n').Where(l => l.Trim().Length > 0))
                    {
                        body.Add((JsonNode)Rich(line));
                    }

                    break;
                case CardList l:
                    body.Add((JsonNode)Rich(l.Title, bold: true));
                    foreach (var item in l.Items)
                    {
                        body.Add((JsonNode)Rich("• " + SafeText.Clean(item, multiline: false)));
                    }

                    break;
                case CardArticleSection a:
                    body.Add((JsonNode)Rich(a.Title, bold: true));
                    body.Add((JsonNode)new JsonObject { ["type"] = "TextBlock", ["text"] = Articles.RenderBlocks(a.Section.Content), ["wrap"] = true });
                    break;
            }
        }

        var actions = new JsonArray();
        foreach (var button in card.Buttons)
        {
            actions.Add((JsonNode)new JsonObject
            {
                ["type"] = "Action.Submit",
                ["title"] = SafeText.Clean(button.Label, multiline: false),
                ["data"] = new JsonObject { ["action"] = button.ActionId, ["value"] = SafeText.Clean(button.Value, multiline: false) },
            });
        }

        return new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.4",
            ["fallbackText"] = Text(card.Summary),
            ["body"] = body,
            ["actions"] = actions,
        };
    }

    /// <summary>The message activity that posts or updates <paramref name="card"/>: the summary as Markdown text, the card attached.</summary>
    public static JsonObject Activity(ChatCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return new JsonObject
        {
            ["type"] = "message",
            ["textFormat"] = "markdown",
            ["text"] = Text(card.Summary),
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["content"] = Render(card),
            }),
        };
    }

    /// <summary>
    /// Any card string as Teams Markdown: Markdown characters escaped with a backslash, and every
    /// word that could be a link, a mention or markup (<see cref="SafeText"/>) in a code span,
    /// with backticks and angle brackets inside replaced by look-alikes.
    /// </summary>
    public static string Text(string text, bool multiline = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var markdown = new StringBuilder();
        foreach (var (run, literal) in SafeText.Runs(text, multiline))
        {
            markdown.Append(literal
                ? "`" + run.Replace('`', 'ˋ').Replace('<', '‹').Replace('>', '›') + "`"
                : TeamsRenderer.EscapeText(run));
        }

        return markdown.ToString();
    }

    /// <summary>One RichTextBlock: plain TextRuns, and monospace ones for the words <see cref="SafeText"/> shows literally.</summary>
    private static JsonObject Rich(string text, bool bold = false, string? size = null)
    {
        var inlines = new JsonArray();
        foreach (var (run, literal) in SafeText.Runs(text, multiline: false))
        {
            var textRun = new JsonObject { ["type"] = "TextRun", ["text"] = run };
            if (literal)
            {
                textRun["fontType"] = "Monospace";
            }

            if (bold)
            {
                textRun["weight"] = "Bolder";
            }

            if (size is not null)
            {
                textRun["size"] = size;
            }

            inlines.Add((JsonNode)textRun);
        }

        return new JsonObject { ["type"] = "RichTextBlock", ["inlines"] = inlines };
    }
}
