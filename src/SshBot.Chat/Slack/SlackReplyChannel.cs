using System.Text.Json.Nodes;
using SshBot.Chat.Cards;
using SshBot.Chat.Conversation;
using SshBot.Chat.Work;

namespace SshBot.Chat.Slack;

/// <summary>
/// Slack for a request that came with a response_url (a slash command, a button). Everything but
/// a diagnosis's reply (help, refusals, errors, thanks for feedback) goes through the response_url
/// as an ephemeral message, seen by the one who asked only. A diagnosis's reply is posted with
/// chat.postMessage as for a mention, so it is updated in place, carries buttons and opens a thread
/// the bot follows; where the bot cannot post (a channel it is not in, a DM with someone else, where
/// Slack answers not_in_channel or channel_not_found), a slash command's reply goes through the
/// response_url <c>in_channel</c> instead and only its final card replaces it (a response_url takes
/// five messages, so stage updates are skipped there).
/// </summary>
public sealed class SlackReplyChannel : IChatChannel, IHomeTab, IAttachedFiles
{
    private readonly SlackWebApi _api;
    private readonly SlackReplyContext _context;
    private readonly string _inChannelId;

    private SlackReplyChannel(SlackWebApi api, SlackReplyContext context, string eventId)
    {
        _api = api;
        _context = context;
        _inChannelId = "response_url:" + eventId;
    }

    /// <summary>The channel for a stored Slack request: the Web API itself when it came without a reply context.</summary>
    public static IChatChannel For(SlackWebApi api, ChatWork work, SlackOptions options)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(work);
        return SlackReplyContext.Parse(work.ReplyContext, options) is { } context ? new SlackReplyChannel(api, context, work.EventId) : api;
    }

    public Task<string?> ReadTextAsync(ChatFile file, int maxBytes, CancellationToken ct) => _api.ReadTextAsync(file, maxBytes, ct);

    public async Task<string> PostAsync(ChatThread thread, ChatCard message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_context.ResponseUrl is not { } url)
        {
            return await _api.PostAsync(thread, message, ct);
        }

        if (!message.Public)
        {
            await _api.RespondAsync(url, Body(message, "ephemeral"), ct);
            return "ephemeral";
        }

        try
        {
            return await _api.PostAsync(thread, message, ct);
        }
        catch (SlackApiException e) when (_context.IsCommand && e.Error is "not_in_channel" or "channel_not_found")
        {
            await _api.RespondAsync(url, Body(message, "in_channel"), ct);
            return _inChannelId;
        }
    }

    public Task UpdateAsync(ChatThread thread, string messageId, ChatCard message, CancellationToken ct) =>
        messageId == _inChannelId && _context.ResponseUrl is { } url
            ? _api.RespondAsync(url, Body(message, null), ct)
            : _api.UpdateAsync(thread, messageId, message, ct);

    public async Task<bool> UpdateProgressAsync(ChatThread thread, string messageId, ChatCard message, CancellationToken ct) =>
        messageId != _inChannelId && await _api.UpdateProgressAsync(thread, messageId, message, ct);

    public async Task<bool> MarkAnsweredAsync(ChatThread thread, CardAnswer answer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(thread);
        if (_context.Blocks is not { } echoed || _context.MessageTs is not { } ts)
        {
            return false;
        }

        var blocks = SlackAnsweredCard.Blocks(echoed, answer);
        var text = _context.MessageText ?? "";
        if (_context.ResponseUrl is { } url)
        {
            await _api.RespondAsync(url, new JsonObject { ["replace_original"] = true, ["text"] = text, ["blocks"] = blocks }, ct);
        }
        else
        {
            await _api.UpdateBlocksAsync(thread.Channel, ts, text, blocks, ct);
        }

        return true;
    }

    public Task PublishHomeAsync(ChatUser user, ChatCard home, CancellationToken ct) => _api.PublishHomeAsync(user, home, ct);

    /// <param name="card">The message.</param>
    /// <param name="responseType">ephemeral or in_channel for a new message; null to replace the one posted through this response_url.</param>
    private static JsonObject Body(ChatCard card, string? responseType)
    {
        var (text, blocks) = SlackCardRenderer.Render(card);
        var body = new JsonObject { ["text"] = text, ["blocks"] = blocks };
        if (responseType is null)
        {
            body["replace_original"] = true;
        }
        else
        {
            body["response_type"] = responseType;
            body["replace_original"] = false;
        }

        return body;
    }
}
