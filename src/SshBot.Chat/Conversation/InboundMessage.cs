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
public sealed record InboundMessage(ChatUser User, ChatThread Thread, string Text, string EventId);

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
