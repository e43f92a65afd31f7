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
    /// <summary>Slack's error code (<c>not_in_channel</c>, <c>channel_not_found</c>…), when it gave one.</summary>
    public string? Error { get; init; }

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
public sealed class SlackWebApi(IHttpClientFactory clients, IOptions<SlackOptions> options, TimeProvider time) : IChatChannel, IHomeTab, IAttachedFiles, IDisposable
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

    /// <summary>
    /// chat.update with blocks as they are: a card Slack echoed back in an interaction, its buttons
    /// replaced by <see cref="SlackAnsweredCard"/>.
    /// </summary>
    public async Task UpdateBlocksAsync(string channel, string messageId, string text, JsonArray blocks, CancellationToken ct)
    {
        await _updates.WaitAsync(UpdateKey, ct);
        await CallAsync("chat.update", new JsonObject { ["channel"] = channel, ["ts"] = messageId, ["text"] = text, ["blocks"] = blocks }, options.Value.BotToken, ct);
    }

    /// <summary>views.publish: the user's App Home tab shows <paramref name="home"/>.</summary>
    public async Task PublishHomeAsync(ChatUser user, ChatCard home, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        await CallAsync("views.publish", new JsonObject { ["user_id"] = user.Id, ["view"] = SlackCardRenderer.HomeView(home) }, options.Value.BotToken, ct);
    }

    /// <summary>
    /// POSTs a message to a response_url (no token: the URL is the credential). Only a URL
    /// <see cref="SlackResponseUrl.TryAccept(string?, SlackOptions, out Uri)"/> accepts is ever called; anything else throws.
    /// </summary>
    public async Task RespondAsync(Uri responseUrl, JsonObject body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(responseUrl);
        if (!SlackResponseUrl.TryAccept(responseUrl.OriginalString, options.Value, out var url))
        {
            throw new SlackApiException("refused to POST to a response_url that is not Slack's");
        }

        var o = options.Value;
        using var response = await HttpRetry.SendAsync(
            clients.CreateClient(nameof(SlackWebApi)),
            _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, ChatJsonContext.Default.JsonObject) }),
            RetryPolicy.Slack(o.RetryBaseDelay, o.MaxRetryTime),
            time,
            ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Downloads an attached file with the bot token (scope <c>files:read</c>), only from where
    /// <see cref="SlackFiles.TryAccept"/> allows, without following redirects, reading at most
    /// <paramref name="maxBytes"/>. Slack answers a token without the scope with its sign-in page:
    /// anything but text is no file.
    /// </summary>
    public async Task<string?> ReadTextAsync(ChatFile file, int maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var o = options.Value;
        if (!SlackFiles.TryAccept(file.Url, o, out var url) || string.IsNullOrEmpty(o.BotToken))
        {
            return null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.BotToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(o.MaxRetryTime);
        try
        {
            using var response = await clients.CreateClient(SlackFiles.HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType is { } type && type.Contains("html", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var buffer = new byte[maxBytes];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(read), timeout.Token)) > 0)
            {
                read += n;
            }

            // A byte-order mark would hide the first line's start from readers that anchor there.
            return System.Text.Encoding.UTF8.GetString(buffer, 0, read).TrimStart('\uFEFF');
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
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
            var error = answer["error"]?.GetValue<string>();
            throw new SlackApiException($"{method} failed: {error ?? "unknown error"}") { Error = error };
        }

        return answer;
    }
}
