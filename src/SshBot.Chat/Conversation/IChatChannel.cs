using SshBot.Chat.Cards;

namespace SshBot.Chat.Conversation;

/// <summary>How the conversation talks back: post into a thread, then update that message in place.</summary>
public interface IChatChannel
{
    /// <summary>Posts a message; returns the platform's id of it (Slack ts, Teams activity id).</summary>
    Task<string> PostAsync(ChatThread thread, ChatCard message, CancellationToken ct);

    Task UpdateAsync(ChatThread thread, string messageId, ChatCard message, CancellationToken ct);

    /// <summary>
    /// A progress update, which a channel may skip (false) rather than wait for room under the
    /// platform's rate limits: a later update, or the final card, carries the same content.
    /// </summary>
    async Task<bool> UpdateProgressAsync(ChatThread thread, string messageId, ChatCard message, CancellationToken ct)
    {
        await UpdateAsync(thread, messageId, message, ct);
        return true;
    }

    /// <summary>
    /// Replaces the buttons of the card a feedback button was pressed on with one line saying who
    /// answered what and when; false where the channel cannot (it then says so in the thread).
    /// </summary>
    Task<bool> MarkAnsweredAsync(ChatThread thread, CardAnswer answer, CancellationToken ct) => Task.FromResult(false);
}

/// <summary>The answer a verdict card got: the button's label ("Fixed it"), who pressed it, when.</summary>
public sealed record CardAnswer(string Label, ChatUser By, DateTimeOffset At);

/// <summary>A channel with a personal page for each user (Slack's App Home tab).</summary>
public interface IHomeTab
{
    Task PublishHomeAsync(ChatUser user, ChatCard home, CancellationToken ct);
}
