using System.Text.Json;

namespace SshBot.Chat.Teams;

/// <summary>
/// Who and where a Teams request came from, as the incoming activity named them, kept with the
/// stored request so every activity the bot sends back carries the routing fields the Bot
/// Framework schema requires: the channel, the conversation (with its tenant), the bot as
/// <c>from</c> (the incoming <c>recipient</c>) and the asker as <c>recipient</c>.
/// </summary>
public sealed record TeamsAddress(string ChannelId, TeamsAccount Bot, TeamsAccount User, TeamsConversation Conversation)
{
    /// <summary>The address of an incoming activity; <c>from</c>, <c>recipient</c> and <c>conversation</c> must be there.</summary>
    /// <exception cref="FormatException">A routing field is missing.</exception>
    public static TeamsAddress From(JsonElement activity, string channelId)
    {
        var conversation = Required(activity, "conversation");
        return new(
            channelId,
            TeamsAccount.From(Required(activity, "recipient")),
            TeamsAccount.From(Required(activity, "from")),
            new TeamsConversation(
                Text(conversation, "id") ?? throw new FormatException("no conversation id"),
                Text(conversation, "tenantId"),
                Text(conversation, "conversationType"),
                conversation.TryGetProperty("isGroup", out var g) && g.ValueKind is JsonValueKind.True or JsonValueKind.False ? g.GetBoolean() : null,
                Text(conversation, "name")));
    }

    internal static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static JsonElement Required(JsonElement activity, string name) =>
        activity.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : throw new FormatException($"no {name}");
}

/// <summary>A Bot Framework channel account: the platform's id and the display name.</summary>
public sealed record TeamsAccount(string Id, string? Name)
{
    public static TeamsAccount From(JsonElement account) =>
        new(TeamsAddress.Text(account, "id") ?? throw new FormatException("an account without an id"), TeamsAddress.Text(account, "name"));
}

/// <summary>A Bot Framework conversation account, with what Teams says about it echoed back as it came.</summary>
public sealed record TeamsConversation(string Id, string? TenantId, string? ConversationType, bool? IsGroup, string? Name);
