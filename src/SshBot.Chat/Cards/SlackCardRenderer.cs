using System.Text;
using System.Text.Json.Nodes;
using SshBot.KnowledgeBase.Rendering;

namespace SshBot.Chat.Cards;

/// <summary>
/// Cards as Slack Block Kit, with the summary as the <c>text</c> fallback for notifications.
/// Every card string goes through <see cref="Text"/>: nothing in it can form a link, a mention,
/// a channel ping or formatting; article sections come from the knowledge base's own renderer.
/// </summary>
public static class SlackCardRenderer
{
    /// <summary>Slack refuses a section text over 3000 characters (invalid_blocks); the cut adds a few.</summary>
    private const int MaxSectionText = 2900;

    /// <summary>Slack refuses a message of more than 50 blocks; one is kept for the buttons.</summary>
    public const int MaxBlocks = 50;

    /// <summary>Slack's limits on a button's label and value.</summary>
    private const int MaxButtonLabel = 75;
    private const int MaxButtonValue = 2000;

    private static readonly SlackRenderer Articles = new();

    /// <summary>The <c>text</c> and <c>blocks</c> fields of chat.postMessage / chat.update.</summary>
    public static (string Text, JsonArray Blocks) Render(ChatCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var blocks = new JsonArray();
        var room = MaxBlocks - (card.Buttons.Count > 0 ? 1 : 0);
        foreach (var (block, index) in card.Blocks.Select((b, i) => (b, i)))
        {
            if (index == room - 1 && card.Blocks.Count > room)
            {
                blocks.Add((JsonNode)Section($"_{card.Blocks.Count - index} more part(s) did not fit in one Slack message._"));
                break;
            }

            var mrkdwn = block switch
            {
                CardHeading h => $"*{Text(h.Text)}*",
                CardText t => Text(t.Text),
                CardList l => $"*{Text(l.Title)}*\n" + string.Join("\n", l.Items.Select(i => "• " + Text(i, multiline: false))),
                CardArticleSection a => $"*{Text(a.Title)}*\n" + Articles.RenderBlocks(a.Section.Content),
                _ => "",
            };
            blocks.Add((JsonNode)Section(Cut(mrkdwn)));
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
                    ["value"] = SafeText.Clean(button.Value, multiline: false, maxChars: MaxButtonValue),
                    ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Label(button.Label), ["emoji"] = false },
                });
            }

            blocks.Add((JsonNode)new JsonObject { ["type"] = "actions", ["elements"] = elements });
        }

        return (Text(card.Summary), blocks);
    }

    /// <summary>A card as an App Home view (views.publish); a card has at most 50 blocks, a home view may have 100.</summary>
    public static JsonObject HomeView(ChatCard card) => new() { ["type"] = "home", ["blocks"] = Render(card).Blocks };

    private static JsonObject Section(string mrkdwn) =>
        new() { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = mrkdwn } };

    /// <summary>
    /// Any card string as mrkdwn: &amp;, &lt; and &gt; escaped everywhere, and every word that could
    /// be a link, a mention or formatting (<see cref="SafeText"/>) in a code span with its backticks
    /// replaced, since Slack auto-links bare URLs and domains outside code.
    /// </summary>
    public static string Text(string text, bool multiline = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var mrkdwn = new StringBuilder();
        foreach (var (run, literal) in SafeText.Runs(text, multiline))
        {
            mrkdwn.Append(literal ? "`" + Escape(run.Replace('`', 'ˋ')) + "`" : Escape(run));
        }

        return mrkdwn.ToString();
    }

    /// <summary>Slack's three escapes, the same the article renderer uses.</summary>
    public static string Escape(string text) => SlackRenderer.EscapeText(text);

    /// <summary>A section within Slack's limit, cut so that a code span or block still closes.</summary>
    private static string Cut(string mrkdwn)
    {
        if (mrkdwn.Length <= MaxSectionText)
        {
            return mrkdwn;
        }

        var kept = mrkdwn[..MaxSectionText];
        // Neither half of a surrogate pair nor half of an escape (&amp;) is left at the cut.
        if (char.IsHighSurrogate(kept[^1]))
        {
            kept = kept[..^1];
        }

        var amp = kept.LastIndexOf('&');
        if (amp >= 0 && amp > kept.Length - 5 && kept.IndexOf(';', amp) < 0)
        {
            kept = kept[..amp];
        }

        var fences = System.Text.RegularExpressions.Regex.Count(kept, "```");
        if (fences % 2 == 1)
        {
            return kept + "\n```\n…";
        }

        return (kept.Count(c => c == '`') - (3 * fences)) % 2 == 1 ? kept + "`…" : kept + "…";
    }

    private static string Label(string label)
    {
        return SafeText.Clean(label, multiline: false, maxChars: MaxButtonLabel);
    }
}
