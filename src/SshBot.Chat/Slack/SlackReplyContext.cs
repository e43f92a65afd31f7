using System.Text.Json;
using System.Text.Json.Nodes;

namespace SshBot.Chat.Slack;

/// <summary>
/// What Slack gave for answering a slash command or a button beyond the thread, kept with the
/// stored request (<see cref="Work.ChatWork.ReplyContext"/>): the response_url (already accepted by
/// <see cref="SlackResponseUrl"/>), whether it came with a slash command, and for a button the
/// card it was on (its ts, text and blocks, to replace its buttons once answered).
/// </summary>
public sealed record SlackReplyContext(Uri? ResponseUrl, bool IsCommand, string? MessageTs = null, string? MessageText = null, JsonArray? Blocks = null)
{
    public string Serialize()
    {
        var o = new JsonObject { ["command"] = IsCommand };
        if (ResponseUrl is not null)
        {
            o["response_url"] = ResponseUrl.OriginalString;
        }

        if (MessageTs is not null)
        {
            o["message_ts"] = MessageTs;
            o["message_text"] = MessageText ?? "";
        }

        if (Blocks is not null)
        {
            o["blocks"] = Blocks.DeepClone();
        }

        return o.ToJsonString();
    }

    /// <summary>Null for none; the response_url is checked again, so a stored one that is no longer allowed is dropped.</summary>
    public static SlackReplyContext? Parse(string? stored, SlackOptions options)
    {
        if (string.IsNullOrEmpty(stored) || JsonNode.Parse(stored) is not JsonObject o)
        {
            return null;
        }

        var url = o["response_url"] is JsonValue v && v.GetValueKind() == JsonValueKind.String && SlackResponseUrl.TryAccept(v.GetValue<string>(), options, out var accepted) ? accepted : null;
        return new SlackReplyContext(
            url,
            o["command"] is JsonValue c && c.GetValueKind() == JsonValueKind.True,
            o["message_ts"]?.GetValue<string>(),
            o["message_text"]?.GetValue<string>(),
            o["blocks"] as JsonArray is { } blocks ? (JsonArray)blocks.DeepClone() : null);
    }
}
