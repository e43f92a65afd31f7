using System.Text.Json;
using System.Text.RegularExpressions;
using SshBot.Chat.Conversation;

namespace SshBot.Chat.Teams;

/// <summary>The parts of a Bot Framework activity the bot uses: a message, or a card button (Action.Submit).</summary>
public sealed partial record TeamsActivity(string ServiceUrl, string ChannelId, InboundMessage? Message, InboundAction? Action)
{
    public static TeamsActivity From(JsonElement a)
    {
        var serviceUrl = a.GetProperty("serviceUrl").GetString() ?? throw new FormatException("no serviceUrl");
        var channelId = a.GetProperty("channelId").GetString() ?? throw new FormatException("no channelId");
        if (a.GetProperty("type").GetString() != "message")
        {
            return new(serviceUrl, channelId, null, null);
        }

        var id = a.GetProperty("id").GetString() ?? throw new FormatException("no id");
        var from = a.GetProperty("from");
        var isBot = from.TryGetProperty("role", out var role) && role.GetString() == "bot";
        var tenant = a.TryGetProperty("conversation", out var conv) && conv.TryGetProperty("tenantId", out var t) ? t.GetString() ?? "" : "";
        var conversationId = conv.GetProperty("id").GetString() ?? throw new FormatException("no conversation id");
        var user = new ChatUser("teams", tenant, from.TryGetProperty("aadObjectId", out var aad) ? aad.GetString() ?? "" : from.GetProperty("id").GetString() ?? "", isBot);
        var thread = new ChatThread(conversationId, a.TryGetProperty("replyToId", out var r) ? r.GetString() : id);
        if (a.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Object && value.TryGetProperty("action", out var action))
        {
            return new(serviceUrl, channelId, null, new InboundAction(user, thread, action.GetString() ?? "", value.TryGetProperty("value", out var v) ? v.GetString() ?? "" : "", id));
        }

        var text = a.TryGetProperty("text", out var tx) ? At().Replace(tx.GetString() ?? "", " ") : "";
        return new(serviceUrl, channelId, new InboundMessage(user, new ChatThread(conversationId, id), text, id), null);
    }

    // Teams wraps mentions as <at>SshBot</at>.
    [GeneratedRegex("<at>[^<]*</at>")]
    private static partial Regex At();
}
