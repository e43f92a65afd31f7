namespace SshBot.Chat.Conversation;

/// <summary>Where a conversation happens: the platform's channel and the thread to reply in (null: start one).</summary>
public sealed record ChatThread(string Channel, string? ThreadId);

/// <summary>
/// Who is speaking, as the platform verified it. The rate limit and the admin check key on
/// <see cref="Key"/>, never on a display name.
/// </summary>
public sealed record ChatUser(string Platform, string Team, string Id, bool IsBot = false)
{
    public string Key => $"{Platform}:{Team}:{Id}";
}

/// <summary>
/// One inbound message, after the channel adapter verified it. <paramref name="EventId"/> is the
/// platform's delivery id (Slack event_id): a redelivery carries the same one.
/// </summary>
public sealed record InboundMessage(ChatUser User, ChatThread Thread, string Text, string EventId)
{
    /// <summary>Text files sent with the message (a Slack snippet: where a long pasted log goes), read when the message is handled.</summary>
    public IReadOnlyList<ChatFile> Files { get; init; } = [];
}

/// <summary>A text file attached to a message: its name, where the platform serves it, and its size in bytes.</summary>
public sealed record ChatFile(string Name, string Url, long Size);

/// <summary>A channel that can read the text files attached to its messages.</summary>
public interface IAttachedFiles
{
    /// <summary>The file's text, at most <paramref name="maxBytes"/> of it; null when it cannot be read (no access, not text, gone).</summary>
    Task<string?> ReadTextAsync(ChatFile file, int maxBytes, CancellationToken ct);
}

/// <summary>A button pressed on a verdict card.</summary>
public sealed record InboundAction(ChatUser User, ChatThread Thread, string ActionId, string Value, string EventId);

/// <summary>Button ids on the verdict card.</summary>
public static class CardActions
{
    public const string Fixed = "sshbot_fixed";
    public const string NotIt = "sshbot_not_it";
    public const string RunAgain = "sshbot_run_again";

    /// <summary>Probe the host a pasted log named (the value carries the target).</summary>
    public const string Probe = "sshbot_probe";
}
