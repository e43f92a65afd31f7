using System.Text.Json;
using SshBot.Chat.Conversation;

namespace SshBot.Chat.Slack;

/// <summary>Slack payloads into channel-neutral messages; anything the bot should not answer becomes null.</summary>
public static class SlackMessages
{
    /// <summary>
    /// An app_mention anywhere, or a message in a direct conversation. Messages from bots, this
    /// bot included, and edits or other subtypes are marked as from a bot so nobody answers them.
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
        var fromBot = e.TryGetProperty("bot_id", out _) || e.TryGetProperty("subtype", out _) || user is null || user == botUserId;
        var channel = Str(e, "channel") ?? throw new FormatException("event without channel");
        var thread = Str(e, "thread_ts") ?? Str(e, "ts");
        return new InboundMessage(new ChatUser("slack", team, user ?? "", fromBot), new ChatThread(channel, thread), Str(e, "text") ?? "", eventId);
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
