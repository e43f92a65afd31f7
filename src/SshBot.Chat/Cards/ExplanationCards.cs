using System.Globalization;
using SshBot.Chat.Conversation;
using SshBot.KnowledgeBase.Explaining;

namespace SshBot.Chat.Cards;

/// <summary>The reply to a pasted log with no request: what the text most likely means, the lines that say so, and a button to probe the host it names.</summary>
public static class ExplanationCards
{
    public static ChatCard From(TextExplanation explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        var verdict = explanation.Verdict;
        var summary = verdict is null
            ? "I read your paste, but no article in the knowledge base matches it."
            : $"From your paste: {verdict.Title} ({verdict.Id}), confidence {verdict.Score.ToString("0.00", CultureInfo.InvariantCulture)}, from the text only";
        var blocks = new List<CardBlock> { new CardHeading(summary) };
        if (verdict is not null)
        {
            blocks.Add(new CardList("The lines that say so", verdict.Quotes.Take(5).ToArray()));
            if (verdict.Article.Section("Fix") is { } fix)
            {
                blocks.Add(new CardArticleSection("Fix", fix));
            }
        }

        var others = explanation.Findings.Skip(1).Take(3).Select(f => $"{f.Title} ({f.Id})").ToArray();
        if (others.Length > 0)
        {
            blocks.Add(new CardList("Also possible", others));
        }

        if (explanation.CannotTell.Count > 0)
        {
            blocks.Add(new CardList("What the text cannot tell", explanation.CannotTell.ToArray()));
        }

        var buttons = new List<CardButton>();
        if (explanation.Host is { } host)
        {
            var target = (explanation.User is { } user ? user + "@" : "") + host
                + (explanation.Port is { } port and not 22 ? ":" + port.ToString(CultureInfo.InvariantCulture) : "");
            blocks.Add(new CardText($"I can check {target} from here: press Probe (or say \"diagnose {target}\")."));
            // The action value is "incident|target"; there is no incident until the probe runs.
            buttons.Add(new CardButton(CardActions.Probe, $"Probe {target}", "0|" + target));
        }

        return new ChatCard(summary, blocks, buttons);
    }
}
