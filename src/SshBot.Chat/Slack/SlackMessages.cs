using System.Text.Json;
using SshBot.Chat.Conversation;

namespace SshBot.Chat.Slack;

/// <summary>Slack payloads into channel-neutral messages; anything the bot should not answer becomes null.</summary>
public static class SlackMessages
{
    /// <summary>
    /// An app_mention anywhere, or a message in a direct conversation. Messages from bots, this
    /// bot included, and edits or other subtypes (but a message sharing a snippet or file) are
    /// marked as from a bot so nobody answers them. Text files sent with it come as <see cref="InboundMessage.Files"/>.
    /// </summary>
    public static InboundMessage? FromEvent(JsonElement e, string team, string eventId, string? botUserId)
    {
        var type = e.GetProperty("type").GetString();
        var isDirect = type == "message" && e.TryGetProperty("channel_type", out var ct) && ct.GetString() == "im";
        if (type != "app_mention" && !isDirect)
        {
            return null;
        }

        var user = Str(e, "user");
        var fromBot = e.TryGetProperty("bot_id", out _) || !IsPlainOrFileShare(e) || user is null || user == botUserId;
        var channel = Str(e, "channel") ?? throw new FormatException("event without channel");
        var thread = Str(e, "thread_ts") ?? Str(e, "ts");
        return new InboundMessage(new ChatUser("slack", team, user ?? "", fromBot), new ChatThread(channel, thread), SlackText.ToPlain(Str(e, "text")), eventId)
        {
            Files = SlackFiles.Attached(e),
        };
    }

    /// <summary>
    /// A human's reply in a channel thread that does not mention the bot (the mention arrives as
    /// app_mention): a candidate for the bot's own threads. Null for anything else: top-level
    /// messages, DMs (handled as direct messages), bots, the bot itself, edits and other subtypes.
    /// </summary>
    public static InboundMessage? FromThreadReply(JsonElement e, string team, string eventId, string? botUserId)
    {
        var thread = Str(e, "thread_ts");
        var ts = Str(e, "ts");
        var user = Str(e, "user");
        var text = Str(e, "text") ?? "";
        if (Str(e, "type") != "message" || Str(e, "channel_type") is not ("channel" or "group")
            || thread is null || ts is null || thread == ts
            || !IsPlainOrFileShare(e) || e.TryGetProperty("bot_id", out _) || user is null || user == botUserId
            || (botUserId is not null && text.Contains($"<@{botUserId}>", StringComparison.Ordinal)))
        {
            return null;
        }

        var channel = Str(e, "channel") ?? throw new FormatException("event without channel");
        return new InboundMessage(new ChatUser("slack", team, user), new ChatThread(channel, thread), SlackText.ToPlain(text), eventId)
        {
            Files = SlackFiles.Attached(e),
        };
    }

    /// <summary>
    /// A person's own new message: no subtype, or <c>file_share</c> (a message with a snippet or a
    /// file, which is how Slack sends a long paste). Edits, deletions, joins and bots' messages carry
    /// other subtypes and are never answered.
    /// </summary>
    private static bool IsPlainOrFileShare(JsonElement e) => Str(e, "subtype") is null or "file_share";

    /// <summary>app_home_opened on the Home tab: whose home to publish.</summary>
    public static ChatUser? FromHomeOpened(JsonElement e, string team) =>
        Str(e, "type") == "app_home_opened" && Str(e, "tab") is null or "home" && Str(e, "user") is { Length: > 0 } user
            ? new ChatUser("slack", team, user)
            : null;

    /// <summary>
    /// The "Diagnose this" message shortcut: the message's text, read as if its author had asked
    /// the bot, answered in that message's thread on behalf of whoever used the shortcut.
    /// </summary>
    public static InboundMessage? FromShortcut(JsonElement p)
    {
        if (Str(p, "type") != "message_action" || Str(p, "callback_id") != SlackShortcuts.DiagnoseThis
            || !p.TryGetProperty("message", out var message))
        {
            return null;
        }

        var user = p.GetProperty("user");
        var team = p.TryGetProperty("team", out var t) && t.ValueKind == JsonValueKind.Object ? Str(t, "id") ?? "" : Str(user, "team_id") ?? "";
        var channel = Str(p.GetProperty("channel"), "id") ?? throw new FormatException("no channel");
        var ts = Str(message, "ts") ?? throw new FormatException("no message ts");
        var id = Str(p, "trigger_id") ?? Str(p, "action_ts") ?? throw new FormatException("no trigger_id");
        return new InboundMessage(new ChatUser("slack", team, Str(user, "id") ?? ""), new ChatThread(channel, Str(message, "thread_ts") ?? ts), SlackText.ToPlain(Str(message, "text")), "shortcut-" + id)
        {
            Files = SlackFiles.Attached(message),
        };
    }

    /// <summary>A block_actions payload with one of the verdict card's buttons.</summary>
    public static InboundAction? FromInteraction(JsonElement p)
    {
        if (Str(p, "type") != "block_actions" || !p.TryGetProperty("actions", out var actions) || actions.GetArrayLength() == 0)
        {
            return null;
        }

        var action = actions[0];
        var user = p.GetProperty("user");
        var team = p.TryGetProperty("team", out var t) && t.ValueKind == JsonValueKind.Object ? Str(t, "id") ?? "" : Str(user, "team_id") ?? "";
        var channel = Str(p.GetProperty("channel"), "id") ?? throw new FormatException("no channel");
        string? thread = null;
        if (p.TryGetProperty("message", out var message))
        {
            thread = Str(message, "thread_ts") ?? Str(message, "ts");
        }

        var id = Str(action, "action_ts") ?? Str(p, "trigger_id") ?? throw new FormatException("no action_ts");
        return new InboundAction(new ChatUser("slack", team, Str(user, "id") ?? ""), new ChatThread(channel, thread), Str(action, "action_id") ?? "", Str(action, "value") ?? "", id);
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
