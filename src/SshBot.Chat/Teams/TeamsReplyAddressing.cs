using System.Text.Json.Nodes;

namespace SshBot.Chat.Teams;

/// <summary>
/// Puts the Bot Framework schema's routing fields on an activity the bot sends: <c>serviceUrl</c>,
/// <c>channelId</c>, <c>conversation</c> (id, and tenant and kind as Teams named them),
/// <c>from</c> (the bot, as the incoming activity's recipient named it), <c>recipient</c> (the asker)
/// and <c>replyToId</c> when answering a message. Requests stored before the address was kept
/// get the conversation from the thread and the bot's own id.
/// </summary>
public static class TeamsReplyAddressing
{
    /// <summary>The name the bot gives itself when the incoming activity did not name it.</summary>
    public const string DefaultBotName = "SshBot";

    public static JsonObject Address(JsonObject activity, string serviceUrl, string conversationId, string? replyToId, TeamsAddress? address, string? appId)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity["serviceUrl"] = serviceUrl;
        activity["channelId"] = address?.ChannelId ?? "msteams";
        activity["conversation"] = Conversation(conversationId, address?.Conversation);
        activity["from"] = Account(address?.Bot ?? new TeamsAccount("28:" + appId, DefaultBotName), DefaultBotName);
        if (address?.User is { } user)
        {
            activity["recipient"] = Account(user, null);
        }

        if (replyToId is not null)
        {
            activity["replyToId"] = replyToId;
        }

        return activity;
    }

    private static JsonObject Conversation(string id, TeamsConversation? known)
    {
        var conversation = new JsonObject { ["id"] = id };
        if (known is null || known.Id != id)
        {
            return conversation;
        }

        Set(conversation, "tenantId", known.TenantId);
        Set(conversation, "conversationType", known.ConversationType);
        if (known.IsGroup is { } isGroup)
        {
            conversation["isGroup"] = isGroup;
        }

        Set(conversation, "name", known.Name);
        return conversation;
    }

    private static JsonObject Account(TeamsAccount account, string? defaultName)
    {
        var json = new JsonObject { ["id"] = account.Id };
        Set(json, "name", account.Name ?? defaultName);
        return json;
    }

    private static void Set(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }
}
