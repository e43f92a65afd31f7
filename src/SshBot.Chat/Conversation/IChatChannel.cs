using SshBot.Chat.Cards;

namespace SshBot.Chat.Conversation;

/// <summary>How the conversation talks back: post into a thread, then update that message in place.</summary>
public interface IChatChannel
{
    /// <summary>Posts a message; returns the platform's id of it (Slack ts, Teams activity id).</summary>
    Task<string> PostAsync(ChatThread thread, ChatCard message, CancellationToken ct);

    Task UpdateAsync(ChatThread thread, string messageId, ChatCard message, CancellationToken ct);
}
