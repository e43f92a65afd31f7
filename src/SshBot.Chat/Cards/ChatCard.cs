using SshBot.KnowledgeBase.Articles;

namespace SshBot.Chat.Cards;

/// <summary>
/// A channel-neutral message: a one-line summary (the notification and fallback text), blocks,
/// and buttons. Text in blocks is plain; each channel's renderer escapes it. Article sections
/// stay Markdig trees so the knowledge base's renderers produce each dialect.
/// </summary>
public sealed record ChatCard(string Summary, IReadOnlyList<CardBlock> Blocks, IReadOnlyList<CardButton> Buttons)
{
    /// <summary>
    /// A diagnosis's reply, for everyone in the conversation to see. Where a channel can answer one
    /// person privately (a Slack slash command or button, through its response_url), every other
    /// message (help, refusals, errors, acknowledgements of feedback) goes only to the one who asked.
    /// </summary>
    public bool Public { get; init; }

    public static ChatCard Text(string text) => new(text, [new CardText(text)], []);
}

public abstract record CardBlock;

/// <summary>A heading line.</summary>
public sealed record CardHeading(string Text) : CardBlock;

/// <summary>Plain text, possibly several lines.</summary>
public sealed record CardText(string Text) : CardBlock;

/// <summary>A titled list of short plain items.</summary>
public sealed record CardList(string Title, IReadOnlyList<string> Items) : CardBlock;

/// <summary>A section of a knowledge-base article, shown under <paramref name="Title"/>.</summary>
public sealed record CardArticleSection(string Title, ArticleSection Section) : CardBlock;

/// <summary>A button; <paramref name="Value"/> comes back with the press.</summary>
public sealed record CardButton(string ActionId, string Label, string Value);
