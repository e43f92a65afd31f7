using System.Text.Json;
using SshBot.Chat.Conversation;

namespace SshBot.Chat.Work;

/// <summary>
/// A verified chat request as it is stored in the work inbox, with what it takes to answer it
/// from any process: who asked, where, what, and for Teams the serviceUrl the token vouched for.
/// <paramref name="ReplyContext"/> is what else the platform gave for answering (Slack: the
/// response_url and the message a button was on), read only by that platform's channel.
/// </summary>
public sealed record ChatWork(
    string Kind,
    ChatUser User,
    ChatThread Thread,
    string EventId,
    string? Text = null,
    string? ActionId = null,
    string? Value = null,
    string? ServiceUrl = null,
    SshBot.Chat.Teams.TeamsAddress? Teams = null,
    string? ReplyContext = null)
{
    public const string Message = "message";
    public const string Action = "action";

    /// <summary>A fixed text to post: the refusal a requester with too much waiting gets once a minute.</summary>
    public const string Notice = "notice";

    /// <summary>The bot was added to a conversation: post the welcome card there, once.</summary>
    public const string Welcome = "welcome";

    /// <summary>A reply without a mention in a thread the bot posted in; <see cref="Value"/> is the thread's incident id.</summary>
    public const string ThreadReply = "thread-reply";

    /// <summary>Someone opened the bot's home tab: publish their view.</summary>
    public const string Home = "home";

    /// <summary>The inbox key: the platform's delivery id, so a redelivery is stored once.</summary>
    public string Key => Kind == Action ? $"{User.Platform}:action:{EventId}" : $"{User.Platform}:{EventId}";

    public static ChatWork From(InboundMessage message, string? serviceUrl = null, SshBot.Chat.Teams.TeamsAddress? teams = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(Message, message.User, message.Thread, message.EventId, message.Text, ServiceUrl: serviceUrl, Teams: teams)
        {
            Files = message.Files.Count > 0 ? message.Files : null,
        };
    }

    public static ChatWork From(InboundAction action, string? serviceUrl = null, SshBot.Chat.Teams.TeamsAddress? teams = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new(Action, action.User, action.Thread, action.EventId, ActionId: action.ActionId, Value: action.Value, ServiceUrl: serviceUrl, Teams: teams);
    }

    /// <summary>
    /// The welcome for the conversation the bot was added to, keyed by that conversation (not by the
    /// activity), so a retried delivery and the second notice of the same install (Teams sends both a
    /// conversationUpdate and an installationUpdate) are stored once: one welcome per install.
    /// </summary>
    /// <param name="addedBy">Who added the bot.</param>
    /// <param name="teams">The conversation it was added to, and the bot's own account there.</param>
    /// <param name="serviceUrl">The serviceUrl the token vouched for.</param>
    /// <param name="knowledgeBaseUrl">Where the card says the knowledge base can be read (kept as <see cref="Value"/>); null when none is configured.</param>
    public static ChatWork ForWelcome(ChatUser addedBy, SshBot.Chat.Teams.TeamsAddress teams, string serviceUrl, string? knowledgeBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(teams);
        return new(Welcome, addedBy, new ChatThread(teams.Conversation.Id, null), $"welcome:{teams.Conversation.Id}", Value: knowledgeBaseUrl, ServiceUrl: serviceUrl, Teams: teams);
    }

    /// <summary>
    /// The W3C traceparent of the span that stored the request (the webhook's), so the span that
    /// runs it, here or in another process after a restart, joins the same trace. Null: not traced.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>Text files sent with the message, read when it is handled (their content is not stored here). Null: none.</summary>
    public IReadOnlyList<ChatFile>? Files { get; init; }

    public InboundMessage AsMessage() => new(User, Thread, Text ?? "", EventId) { Files = Files ?? [] };

    public InboundAction AsAction() => new(User, Thread, ActionId ?? "", Value ?? "", EventId);

    public string Serialize() => JsonSerializer.Serialize(this, ChatJsonContext.Default.ChatWork);

    /// <exception cref="JsonException">The payload is not a stored request.</exception>
    public static ChatWork Deserialize(string payload) =>
        JsonSerializer.Deserialize(payload, ChatJsonContext.Default.ChatWork) ?? throw new JsonException("empty work payload");
}
