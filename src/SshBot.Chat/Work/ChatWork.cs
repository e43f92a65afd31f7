using System.Text.Json;
using SshBot.Chat.Conversation;

namespace SshBot.Chat.Work;

/// <summary>
/// A verified chat request as it is stored in the work inbox, with what it takes to answer it
/// from any process: who asked, where, what, and for Teams the serviceUrl the token vouched for.
/// </summary>
public sealed record ChatWork(
    string Kind,
    ChatUser User,
    ChatThread Thread,
    string EventId,
    string? Text = null,
    string? ActionId = null,
    string? Value = null,
    string? ServiceUrl = null)
{
    public const string Message = "message";
    public const string Action = "action";

    /// <summary>A fixed text to post: the refusal a requester with too much waiting gets once a minute.</summary>
    public const string Notice = "notice";

    /// <summary>The inbox key: the platform's delivery id, so a redelivery is stored once.</summary>
    public string Key => Kind == Action ? $"{User.Platform}:action:{EventId}" : $"{User.Platform}:{EventId}";

    public static ChatWork From(InboundMessage message, string? serviceUrl = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(Message, message.User, message.Thread, message.EventId, message.Text, ServiceUrl: serviceUrl);
    }

    public static ChatWork From(InboundAction action, string? serviceUrl = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new(Action, action.User, action.Thread, action.EventId, ActionId: action.ActionId, Value: action.Value, ServiceUrl: serviceUrl);
    }

    /// <summary>
    /// The W3C traceparent of the span that stored the request (the webhook's), so the span that
    /// runs it, here or in another process after a restart, joins the same trace. Null: not traced.
    /// </summary>
    public string? TraceParent { get; init; }

    public InboundMessage AsMessage() => new(User, Thread, Text ?? "", EventId);

    public InboundAction AsAction() => new(User, Thread, ActionId ?? "", Value ?? "", EventId);

    public string Serialize() => JsonSerializer.Serialize(this, ChatJsonContext.Default.ChatWork);

    /// <exception cref="JsonException">The payload is not a stored request.</exception>
    public static ChatWork Deserialize(string payload) =>
        JsonSerializer.Deserialize(payload, ChatJsonContext.Default.ChatWork) ?? throw new JsonException("empty work payload");
}
