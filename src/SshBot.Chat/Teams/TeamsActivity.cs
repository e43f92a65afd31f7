using System.Text.Json;
using System.Text.RegularExpressions;
using SshBot.Chat.Conversation;

namespace SshBot.Chat.Teams;

/// <summary>
/// The parts of a Bot Framework activity the bot uses: a message, a card button (Action.Submit),
/// or the bot being added to a conversation (<see cref="Welcome"/>), with the
/// <see cref="TeamsAddress"/> its answers go back to.
/// </summary>
public sealed partial record TeamsActivity(string ServiceUrl, string ChannelId, InboundMessage? Message, InboundAction? Action, TeamsAddress? Address = null, ChatUser? Welcome = null)
{
    public static TeamsActivity From(JsonElement a)
    {
        var serviceUrl = a.GetProperty("serviceUrl").GetString() ?? throw new FormatException("no serviceUrl");
        var channelId = a.GetProperty("channelId").GetString() ?? throw new FormatException("no channelId");
        var type = a.GetProperty("type").GetString();
        if (type is "conversationUpdate" or "installationUpdate")
        {
            return AddsTheBot(a, type) ? new(serviceUrl, channelId, null, null, TeamsAddress.From(a, channelId), User(a)) : new(serviceUrl, channelId, null, null);
        }

        if (type != "message")
        {
            return new(serviceUrl, channelId, null, null);
        }

        var id = a.GetProperty("id").GetString() ?? throw new FormatException("no id");
        var address = TeamsAddress.From(a, channelId);
        var user = User(a);
        var conversationId = address.Conversation.Id;
        var thread = new ChatThread(conversationId, a.TryGetProperty("replyToId", out var r) ? r.GetString() : id);
        if (a.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Object && value.TryGetProperty("action", out var action))
        {
            return new(serviceUrl, channelId, null, new InboundAction(user, thread, action.GetString() ?? "", value.TryGetProperty("value", out var v) ? v.GetString() ?? "" : "", id), address);
        }

        // Teams sends a formatted message twice: as text, and as HTML in a text/html attachment.
        // The HTML keeps what the text may flatten (a pasted log's lines, its code block).
        var html = a.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array
            ? attachments.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object && TeamsAddress.Text(x, "contentType") == "text/html")
                .Select(x => x.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c))
            : null;
        var raw = html ?? (a.TryGetProperty("text", out var tx) ? tx.GetString() ?? "" : "");
        var text = TeamsText.ToPlain(At().Replace(raw, " "));
        return new(serviceUrl, channelId, new InboundMessage(user, new ChatThread(conversationId, id), text, id), null, address);
    }

    /// <summary>
    /// The bot was added: a conversationUpdate whose membersAdded holds the bot itself (the
    /// activity's recipient), or an installationUpdate whose action is <c>add</c>.
    /// </summary>
    private static bool AddsTheBot(JsonElement a, string type)
    {
        if (type == "installationUpdate")
        {
            return TeamsAddress.Text(a, "action") == "add";
        }

        var bot = a.TryGetProperty("recipient", out var recipient) ? TeamsAddress.Text(recipient, "id") : null;
        return bot is not null && a.TryGetProperty("membersAdded", out var added) && added.ValueKind == JsonValueKind.Array
            && added.EnumerateArray().Any(m => TeamsAddress.Text(m, "id") == bot);
    }

    private static ChatUser User(JsonElement a)
    {
        var from = a.GetProperty("from");
        var isBot = TeamsAddress.Text(from, "role") == "bot";
        var tenant = a.TryGetProperty("conversation", out var conv) ? TeamsAddress.Text(conv, "tenantId") ?? "" : "";
        return new ChatUser("teams", tenant, TeamsAddress.Text(from, "aadObjectId") ?? TeamsAddress.Text(from, "id") ?? "", isBot);
    }

    // Teams wraps mentions as <at>SshBot</at> (<at id="0">SshBot</at> in the HTML copy).
    [GeneratedRegex("<at\\b[^<>]*>[^<]*</at>")]
    private static partial Regex At();
}
