using System.Text.Json;
using SshBot.Chat.Conversation;

namespace SshBot.Chat.Slack;

/// <summary>
/// Verified Slack payloads into work for the conversation, the same for the HTTP endpoints and
/// Socket Mode: an Events API callback, an interaction, a slash command.
/// </summary>
public static class SlackDispatch
{
    /// <summary>An Events API body: url_verification or event_callback.</summary>
    public static SlackAnswer Event(JsonElement root, SlackDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return Guarded(() =>
        {
            switch (root.GetProperty("type").GetString())
            {
                case "url_verification":
                    return SlackAnswer.Reply(root.GetProperty("challenge").GetString() ?? "");
                case "event_callback":
                    var eventId = root.GetProperty("event_id").GetString() ?? throw new FormatException("no event_id");
                    var team = root.TryGetProperty("team_id", out var t) ? t.GetString() ?? "" : "";
                    var message = SlackMessages.FromEvent(root.GetProperty("event"), team, eventId, delivery.Options.BotUserId);
                    return message is null ? SlackAnswer.Ok : delivery.Accept(eventId, (c, ct) => c.HandleAsync(message, delivery.Channel, ct));
                default:
                    return SlackAnswer.Ok;
            }
        });
    }

    /// <summary>An interaction payload (a button of the verdict card).</summary>
    public static SlackAnswer Interaction(JsonElement payload, SlackDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return Guarded(() =>
        {
            var action = SlackMessages.FromInteraction(payload);
            return action is null ? SlackAnswer.Ok : delivery.Accept("action:" + action.EventId, (c, ct) => c.HandleActionAsync(action, delivery.Channel, ct));
        });
    }

    /// <summary>A <c>/sshdiag HOST</c> slash command; <paramref name="field"/> reads its form fields.</summary>
    public static SlackAnswer Command(Func<string, string> field, SlackDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(delivery);
        var user = new ChatUser("slack", field("team_id"), field("user_id"));
        var text = field("text").Trim();
        var trigger = field("trigger_id");
        if (user.Id.Length == 0 || field("channel_id").Length == 0 || trigger.Length == 0)
        {
            return SlackAnswer.Malformed;
        }

        if (text.Length == 0)
        {
            return SlackAnswer.Reply("Usage: /sshdiag HOST (for example /sshdiag web-01)");
        }

        var message = new InboundMessage(user, new ChatThread(field("channel_id"), null), "diagnose " + text, "cmd-" + trigger);
        return delivery.Accept("cmd-" + trigger, (c, ct) => c.HandleAsync(message, delivery.Channel, ct));
    }

    private static SlackAnswer Guarded(Func<SlackAnswer> handle)
    {
        try
        {
            return handle();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return SlackAnswer.Malformed;
        }
    }
}
