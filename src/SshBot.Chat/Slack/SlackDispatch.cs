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
    public static Task<SlackAnswer> EventAsync(JsonElement root, SlackDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return GuardedAsync(() =>
        {
            switch (root.GetProperty("type").GetString())
            {
                case "url_verification":
                    return Task.FromResult(SlackAnswer.Reply(root.GetProperty("challenge").GetString() ?? ""));
                case "event_callback":
                    var eventId = root.GetProperty("event_id").GetString() ?? throw new FormatException("no event_id");
                    var team = root.TryGetProperty("team_id", out var t) ? t.GetString() ?? "" : "";
                    var message = SlackMessages.FromEvent(root.GetProperty("event"), team, eventId, delivery.Options.BotUserId);
                    return message is null ? Task.FromResult(SlackAnswer.Ok) : delivery.AcceptAsync(message);
                default:
                    return Task.FromResult(SlackAnswer.Ok);
            }
        });
    }

    /// <summary>An interaction payload (a button of the verdict card).</summary>
    public static Task<SlackAnswer> InteractionAsync(JsonElement payload, SlackDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return GuardedAsync(() =>
        {
            var action = SlackMessages.FromInteraction(payload);
            return action is null ? Task.FromResult(SlackAnswer.Ok) : delivery.AcceptAsync(action);
        });
    }

    /// <summary>A <c>/sshdiag HOST</c> slash command; <paramref name="field"/> reads its form fields.</summary>
    public static Task<SlackAnswer> CommandAsync(Func<string, string> field, SlackDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(delivery);
        var user = new ChatUser("slack", field("team_id"), field("user_id"));
        var text = field("text").Trim();
        var trigger = field("trigger_id");
        if (user.Id.Length == 0 || field("channel_id").Length == 0 || trigger.Length == 0)
        {
            return Task.FromResult(SlackAnswer.Malformed);
        }

        if (text.Length == 0)
        {
            return Task.FromResult(SlackAnswer.Reply("Usage: /sshdiag HOST (for example /sshdiag web-01)"));
        }

        var message = new InboundMessage(user, new ChatThread(field("channel_id"), null), "diagnose " + text, "cmd-" + trigger);
        return delivery.AcceptAsync(message);
    }

    /// <summary>Reading the payload may throw; storing it reports its own failures as <see cref="SlackAnswer.Busy"/>.</summary>
    private static Task<SlackAnswer> GuardedAsync(Func<Task<SlackAnswer>> handle)
    {
        try
        {
            return handle();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return Task.FromResult(SlackAnswer.Malformed);
        }
    }
}
