using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace SshBot.Chat.Teams;

/// <summary>
/// <c>Teams:Auth</c> <c>secret</c>: the OAuth client-credentials grant with the app id and
/// <c>Teams:AppPassword</c>, posted to <see cref="TeamsOptions.EffectiveTokenUrl"/>.
/// </summary>
public sealed class SecretTokenSource(IHttpClientFactory clients, IOptions<TeamsOptions> options, TimeProvider time) : ITeamsTokenSource
{
    public async Task<ConnectorToken> GetTokenAsync(CancellationToken ct)
    {
        var o = options.Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = o.AppId!,
            ["client_secret"] = o.AppPassword!,
            ["scope"] = o.Scope,
        });
        using var response = await clients.CreateClient(nameof(BotConnectorClient)).PostAsync(o.EffectiveTokenUrl, form, ct);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync(ChatJsonContext.Default.JsonObject, ct) ?? throw new InvalidOperationException("empty token response");
        var token = body["access_token"]?.GetValue<string>() ?? throw new InvalidOperationException("no access_token");
        var seconds = body["expires_in"]?.GetValue<int>() ?? 3600;
        return new(token, time.GetUtcNow().AddSeconds(seconds));
    }
}
