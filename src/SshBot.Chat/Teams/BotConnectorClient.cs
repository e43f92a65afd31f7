using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SshBot.Chat.Cards;
using SshBot.Chat.Conversation;
using SshBot.Chat.Outbound;

namespace SshBot.Chat.Teams;

/// <summary>
/// Replies through the Bot Connector REST API with a token from <see cref="ITeamsTokenSource"/>
/// (<c>Teams:Auth</c>; cached until five minutes before it expires): POST a reply activity, PUT to update it in place, within the
/// per-conversation limits of <see cref="PlatformLimits.TeamsPerConversation"/> (progress
/// updates are skipped rather than queued when there is no room). Answers 429,
/// 412, 502 and 504 are tried again after Retry-After or a growing wait, within
/// <see cref="RetryPolicy.BotConnector"/>'s bounds.
/// </summary>
public sealed class BotConnectorClient(IHttpClientFactory clients, IOptions<TeamsOptions> options, TimeProvider time, ITeamsTokenSource? tokens = null) : IDisposable
{
    private readonly ITeamsTokenSource _tokens = tokens ?? new SecretTokenSource(clients, options, time);
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private readonly OutboundLimiter _perConversation = new(PlatformLimits.TeamsPerConversation);
    private (string Token, DateTimeOffset Expires)? _token;

    private string? AppId => options.Value.AppId;

    /// <summary>
    /// A channel that answers into conversations of one serviceUrl (the one the token vouched for),
    /// addressed as <paramref name="address"/> (from the incoming activity) says.
    /// </summary>
    public IChatChannel For(string serviceUrl, TeamsAddress? address = null) => new Channel(this, serviceUrl, address);

    public void Dispose()
    {
        _tokenLock.Dispose();
        _perConversation.Dispose();
    }

    private async Task<string> TokenAsync(CancellationToken ct)
    {
        await _tokenLock.WaitAsync(ct);
        try
        {
            if (_token is { } cached && cached.Expires > time.GetUtcNow().AddMinutes(5))
            {
                return cached.Token;
            }

            var token = await _tokens.GetTokenAsync(ct);
            _token = (token.Value, token.ExpiresOn);
            return token.Value;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    private async Task<JsonObject?> SendAsync(HttpMethod method, Uri url, JsonObject activity, CancellationToken ct)
    {
        var o = options.Value;
        using var response = await HttpRetry.SendAsync(
            clients.CreateClient(nameof(BotConnectorClient)),
            async token =>
            {
                var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(activity, ChatJsonContext.Default.JsonObject) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(token));
                return request;
            },
            RetryPolicy.BotConnector(o.RetryBaseDelay, o.MaxRetryTime),
            time,
            ct);
        response.EnsureSuccessStatusCode();
        return response.Content.Headers.ContentLength == 0 ? null : await response.Content.ReadFromJsonAsync(ChatJsonContext.Default.JsonObject, ct);
    }

    private sealed class Channel(BotConnectorClient client, string serviceUrl, TeamsAddress? address) : IChatChannel
    {
        public async Task<string> PostAsync(ChatThread thread, ChatCard message, CancellationToken ct)
        {
            var activity = Activity(thread, message);
            var path = $"v3/conversations/{Uri.EscapeDataString(thread.Channel)}/activities" + (thread.ThreadId is { } reply ? "/" + Uri.EscapeDataString(reply) : "");
            await client._perConversation.WaitAsync(thread.Channel, ct);
            var answer = await client.SendAsync(HttpMethod.Post, Url(path), activity, ct);
            return answer?["id"]?.GetValue<string>() ?? throw new InvalidOperationException("the Bot Connector answered without an activity id");
        }

        public async Task UpdateAsync(ChatThread thread, string messageId, ChatCard message, CancellationToken ct)
        {
            await client._perConversation.WaitAsync(thread.Channel, ct);
            await PutAsync(thread, messageId, message, ct);
        }

        public async Task<bool> UpdateProgressAsync(ChatThread thread, string messageId, ChatCard message, CancellationToken ct)
        {
            if (!client._perConversation.TryTakeSpare(thread.Channel))
            {
                return false;
            }

            await PutAsync(thread, messageId, message, ct);
            return true;
        }

        private async Task PutAsync(ChatThread thread, string messageId, ChatCard message, CancellationToken ct)
        {
            var activity = Activity(thread, message);
            activity["id"] = messageId;
            await client.SendAsync(HttpMethod.Put, Url($"v3/conversations/{Uri.EscapeDataString(thread.Channel)}/activities/{Uri.EscapeDataString(messageId)}"), activity, ct);
        }

        private JsonObject Activity(ChatThread thread, ChatCard card) =>
            TeamsReplyAddressing.Address(TeamsCardRenderer.Activity(card), serviceUrl, thread.Channel, thread.ThreadId, address, client.AppId);

        private Uri Url(string path) => new(new Uri(serviceUrl.TrimEnd('/') + "/"), path);
    }
}
