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
}
