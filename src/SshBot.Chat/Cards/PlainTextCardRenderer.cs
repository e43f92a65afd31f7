using System.Text;
using SshBot.KnowledgeBase.Rendering;

namespace SshBot.Chat.Cards;

/// <summary>Cards as terminal text: headings underlined, lists bulleted, buttons as the words to type.</summary>
public static class PlainTextCardRenderer
{
    private static readonly TerminalRenderer Articles = new();

    public static string Render(ChatCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var text = new StringBuilder();
        foreach (var block in card.Blocks)
        {
            switch (block)
            {
                case CardHeading h:
                    text.Append(Clean(h.Text)).Append('\n').Append(new string('=', Math.Min(Clean(h.Text).Length, 72))).Append('\n');
                    break;
                case CardText t:
                    text.Append(Clean(t.Text)).Append('\n');
                    break;
                case CardList l:
                    text.Append(Clean(l.Title)).Append(":\n");
                    foreach (var item in l.Items)
                    {
                        text.Append("  - ").Append(SafeText.Clean(item, multiline: false)).Append('\n');
                    }

                    break;
                case CardArticleSection a:
                    text.Append(Clean(a.Title)).Append(":\n").Append(Articles.RenderBlocks(a.Section.Content)).Append('\n');
                    break;
            }

            text.Append('\n');
        }

        if (card.Buttons.Count > 0)
        {
            text.Append("Reply: ").Append(string.Join(" | ", card.Buttons.Select(b => $"'{ConsoleWord(b.ActionId)}' ({SafeText.Clean(b.Label, multiline: false)})"))).Append('\n');
        }

        return text.ToString().TrimEnd() + "\n";
    }

    /// <summary>What the console user types for a button.</summary>
    public static string ConsoleWord(string actionId) => actionId switch
    {
        Conversation.CardActions.Fixed => "fixed",
        Conversation.CardActions.NotIt => "not it",
        Conversation.CardActions.RunAgain => "again",
        Conversation.CardActions.Probe => "probe",
        _ => actionId,
    };

    // No terminal escape sequence, zero-width or bidi character from a host banner or a user may reach the screen.
    private static string Clean(string text) => SafeText.Clean(text);
}
