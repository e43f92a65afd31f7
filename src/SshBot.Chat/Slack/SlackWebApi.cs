using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SshBot.Chat.Cards;
using SshBot.Chat.Conversation;
using SshBot.Chat.Outbound;

namespace SshBot.Chat.Slack;

/// <summary>A Slack Web API call answered with ok: false.</summary>
public sealed class SlackApiException(string message) : Exception(message)
{
    public SlackApiException()
        : this("Slack API error")
    {
    }

    public SlackApiException(string message, Exception inner)
        : this(message + ": " + inner.Message)
    {
    }
}

/// <summary>
/// Slack as a chat channel: chat.postMessage into the thread, chat.update in place, within
/// Slack's rate limits (<see cref="PlatformLimits"/>: posts per channel, chat.update's tier;
/// progress updates are skipped rather than queued when there is no room). A 429 is waited out
/// for its Retry-After and a 5xx tried again with growing waits, both within
/// <see cref="RetryPolicy.Slack"/>'s bounds; any other failure is not tried again.
/// </summary>
public sealed class SlackWebApi(IHttpClientFactory clients, IOptions<SlackOptions> options, TimeProvider time) : IChatChannel, IDisposable
{
    private const string UpdateKey = "chat.update";
    private readonly OutboundLimiter _posts = new(PlatformLimits.SlackPostsPerChannel);
    private readonly OutboundLimiter _updates = new(PlatformLimits.SlackUpdates);

    public void Dispose()
    {
        _posts.Dispose();
        _updates.Dispose();
    }

    public async Task<string> PostAsync(ChatThread thread, ChatCard message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(thread);
        await _posts.WaitAsync(thread.Channel, ct);
        var body = Body(message);
        body["channel"] = thread.Channel;
        if (thread.ThreadId is { } ts)
        {
            body["thread_ts"] = ts;
        }

        var answer = await CallAsync("chat.postMessage", body, options.Value.BotToken, ct);
        return answer["ts"]?.GetValue<string>() ?? throw new SlackApiException("chat.postMessage answered without ts");
    }

    public async Task UpdateAsync(ChatThread thread, string messageId, ChatCard message, CancellationToken ct)
    {
        await _updates.WaitAsync(UpdateKey, ct);
        await SendUpdateAsync(thread, messageId, message, ct);
    }

    public async Task<bool> UpdateProgressAsync(ChatThread thread, string messageId, ChatCard message, CancellationToken ct)
    {
        if (!_updates.TryTakeSpare(UpdateKey))
        {
            return false;
        }

        await SendUpdateAsync(thread, messageId, message, ct);
        return true;
    }

    private async Task SendUpdateAsync(ChatThread thread, string messageId, ChatCard message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(thread);
        var body = Body(message);
        body["channel"] = thread.Channel;
        body["ts"] = messageId;
        await CallAsync("chat.update", body, options.Value.BotToken, ct);
    }

    /// <summary>apps.connections.open with the app token: a fresh Socket Mode URL (it carries a one-time ticket; keep it out of logs).</summary>
    public async Task<Uri> OpenConnectionAsync(CancellationToken ct)
    {
        var answer = await CallAsync("apps.connections.open", [], options.Value.AppToken, ct);
        var url = answer["url"]?.GetValue<string>() ?? throw new SlackApiException("apps.connections.open answered without url");
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "wss" or "ws"
            ? uri
            : throw new SlackApiException("apps.connections.open answered with a URL that is not ws(s)");
    }

    private static JsonObject Body(ChatCard card)
    {
        var (text, blocks) = SlackCardRenderer.Render(card);
        return new JsonObject { ["text"] = text, ["blocks"] = blocks };
    }

    private async Task<JsonObject> CallAsync(string method, JsonObject body, string? token, CancellationToken ct)
    {
        var o = options.Value;
        var url = new Uri(new Uri(o.ApiUrl.ToString().TrimEnd('/') + "/"), method);
        using var response = await HttpRetry.SendAsync(
            clients.CreateClient(nameof(SlackWebApi)),
            _ =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, ChatJsonContext.Default.JsonObject) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                return Task.FromResult(request);
            },
            RetryPolicy.Slack(o.RetryBaseDelay, o.MaxRetryTime),
            time,
            ct);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync(ChatJsonContext.Default.JsonObject, ct) ?? throw new SlackApiException($"{method} answered with no body");
        if (answer["ok"]?.GetValue<bool>() != true)
        {
            throw new SlackApiException($"{method} failed: {answer["error"]?.GetValue<string>() ?? "unknown error"}");
        }

        return answer;
    }
}
