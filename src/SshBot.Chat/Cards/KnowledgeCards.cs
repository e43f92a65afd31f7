using SshBot.KnowledgeBase.Articles;

namespace SshBot.Chat.Cards;

/// <summary>kb list and kb show as cards.</summary>
public static class KnowledgeCards
{
    public static ChatCard List(SshBot.KnowledgeBase.KnowledgeBase kb)
    {
        ArgumentNullException.ThrowIfNull(kb);
        var items = kb.Articles.Values.OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => $"{a.Id}: {a.Title}").ToArray();
        return new ChatCard($"{items.Length} articles", [new CardList($"{items.Length} articles (kb show ID)", items)], []);
    }

    public static ChatCard Show(SshBot.KnowledgeBase.KnowledgeBase kb, string id)
    {
        ArgumentNullException.ThrowIfNull(kb);
        if (!kb.Articles.TryGetValue(id, out var article))
        {
            return ChatCard.Text($"No article '{id}'. Try kb list.");
        }

        var blocks = new List<CardBlock> { new CardHeading($"{article.Title} ({article.Id})") };
        blocks.AddRange(article.Sections.Select(s => new CardArticleSection(s.Title, s)));
        return new ChatCard(article.Title, blocks, []);
    }
}
