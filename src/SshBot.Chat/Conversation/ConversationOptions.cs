using SshBot.Diagnostics.Targets;

namespace SshBot.Chat.Conversation;

/// <summary>How a conversation treats its users.</summary>
public sealed class ConversationOptions
{
    /// <summary>Chat users ask with chat authority (allowlist only); the console user is the operator (CLI).</summary>
    public RequestOrigin Origin { get; set; } = RequestOrigin.Chat;

    /// <summary>Users (<see cref="ChatUser.Key"/> or bare platform user id) who may add, replace and retire articles.</summary>
    public IList<string> Admins { get; init; } = [];

    public bool IsAdmin(ChatUser user) =>
        Admins.Any(a => string.Equals(a, user.Key, StringComparison.Ordinal) || string.Equals(a, user.Id, StringComparison.Ordinal));
}
