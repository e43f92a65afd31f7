using System.Text.Json;
using System.Text.Json.Nodes;
using SshBot.Chat.Cards;
using SshBot.Chat.Conversation;
using SshBot.Chat.Work;

namespace SshBot.Chat.Slack;

/// <summary>
/// Verified Slack payloads into work for the conversation, the same for the HTTP endpoints and
/// Socket Mode: an Events API callback, an interaction, a slash command.
/// </summary>
public static class SlackDispatch
{
    /// <summary>
    /// An Events API body: url_verification or event_callback (a mention, a direct message, a
    /// reply in one of the bot's threads, the Home tab opened).
    /// </summary>
    public static Task<SlackAnswer> EventAsync(JsonElement root, SlackDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return GuardedAsync(async () =>
        {
            switch (root.GetProperty("type").GetString())
            {
                case "url_verification":
                    return SlackAnswer.Reply(root.GetProperty("challenge").GetString() ?? "");
                case "event_callback":
                    var eventId = root.GetProperty("event_id").GetString() ?? throw new FormatException("no event_id");
                    var team = root.TryGetProperty("team_id", out var t) ? t.GetString() ?? "" : "";
                    var e = root.GetProperty("event");
                    if (SlackMessages.FromEvent(e, team, eventId, delivery.Options.BotUserId) is { } message)
                    {
                        return await delivery.AcceptAsync(message);
                    }

                    if (SlackMessages.FromThreadReply(e, team, eventId, string.IsNullOrEmpty(delivery.Options.BotUserId) ? AuthorizedBot(root) : delivery.Options.BotUserId) is { } reply)
                    {
                        // Only the bot's own threads: anything else is left alone, unstored.
                        return await delivery.IncidentOfThreadAsync(reply.Thread.Channel, reply.Thread.ThreadId!) is { } incident
                            ? await delivery.AcceptAsync(ChatWork.From(reply) with { Kind = ChatWork.ThreadReply, Value = incident.ToString(System.Globalization.CultureInfo.InvariantCulture) })
                            : SlackAnswer.Ok;
                    }

                    if (SlackMessages.FromHomeOpened(e, team) is { } visitor)
                    {
                        return await delivery.AcceptAsync(new ChatWork(ChatWork.Home, visitor, new ChatThread(visitor.Id, null), eventId));
                    }

                    return SlackAnswer.Ok;
                default:
                    return SlackAnswer.Ok;
            }
        });
    }

    /// <summary>An interaction payload: a button of the verdict card, or the "Diagnose this" message shortcut.</summary>
    public static Task<SlackAnswer> InteractionAsync(JsonElement payload, SlackDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return GuardedAsync(async () =>
        {
            if (SlackMessages.FromShortcut(payload) is { } asked)
            {
                // Answered in the message's thread, like a mention there (the explanation is for everyone reading it).
                return await delivery.AcceptAsync(asked);
            }

            if (SlackMessages.FromInteraction(payload) is not { } action)
            {
                return SlackAnswer.Ok;
            }

            var url = delivery.AcceptResponseUrl(Str(payload, "response_url"));
            string? ts = null, text = null;
            JsonArray? blocks = null;
            if (payload.TryGetProperty("message", out var card) && card.ValueKind == JsonValueKind.Object)
            {
                ts = Str(card, "ts");
                text = Str(card, "text");
                blocks = card.TryGetProperty("blocks", out var b) && b.ValueKind == JsonValueKind.Array ? JsonNode.Parse(b.GetRawText()) as JsonArray : null;
            }

            var context = url is null && blocks is null ? null : new SlackReplyContext(url, IsCommand: false, ts, text, blocks);
            return await delivery.AcceptAsync(ChatWork.From(action) with { ReplyContext = context?.Serialize() });
        });
    }

    /// <summary>
    /// A slash command; <paramref name="field"/> reads its form fields. <c>/sshdiag</c> alone or
    /// <c>/sshdiag help</c> is answered at once with the help, seen only by who asked; a host is
    /// diagnosed (<c>/sshdiag web-01</c>); anything else is read as a chat request (history, kb…).
    /// What follows is answered through the command's response_url (<see cref="SlackReplyChannel"/>).
    /// </summary>
    public static Task<SlackAnswer> CommandAsync(Func<string, string> field, SlackDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(delivery);
        var user = new ChatUser("slack", field("team_id"), field("user_id"));
        var text = SlackText.ToPlain(field("text")).Trim();
        var trigger = field("trigger_id");
        if (user.Id.Length == 0 || field("channel_id").Length == 0 || trigger.Length == 0)
        {
            return Task.FromResult(SlackAnswer.Malformed);
        }

        var intent = IntentParser.Parse(text);
        if (intent is HelpIntent)
        {
            var help = Cards.Cards.Help();
            var (summary, blocks) = SlackCardRenderer.Render(help with { Summary = Usage, Blocks = [new CardText(Usage), .. help.Blocks] });
            return Task.FromResult(SlackAnswer.Private(new JsonObject { ["response_type"] = "ephemeral", ["text"] = summary, ["blocks"] = blocks }));
        }

        var request = intent is DiagnoseIntent ? "diagnose " + text : text;
        var url = delivery.AcceptResponseUrl(field("response_url"));
        var message = new InboundMessage(user, new ChatThread(field("channel_id"), null), request, "cmd-" + trigger);
        var work = ChatWork.From(message) with { ReplyContext = url is null ? null : new SlackReplyContext(url, IsCommand: true).Serialize() };
        return delivery.AcceptAsync(work);
    }

    private const string Usage = "Usage: /sshdiag HOST (for example /sshdiag web-01). Also /sshdiag history HOST, /sshdiag recent, /sshdiag kb list.";

    /// <summary>
    /// The bot's user id as Slack names it in the callback's authorizations, when Slack:BotUserId
    /// is not set: a mention in one of its threads arrives as app_mention and as a message, and
    /// only the app_mention is answered.
    /// </summary>
    private static string? AuthorizedBot(JsonElement root) =>
        root.TryGetProperty("authorizations", out var a) && a.ValueKind == JsonValueKind.Array && a.GetArrayLength() > 0 ? Str(a[0], "user_id") : null;

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Reading the payload may throw; storing it reports its own failures as <see cref="SlackAnswer.Busy"/>.</summary>
    private static async Task<SlackAnswer> GuardedAsync(Func<Task<SlackAnswer>> handle)
    {
        try
        {
            return await handle();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return SlackAnswer.Malformed;
        }
    }
}
