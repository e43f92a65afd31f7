using Microsoft.Identity.Client;

namespace SshBot.Chat.Teams;

/// <summary>
/// MSAL's HTTP goes through the host's named client <see cref="Name"/>, so it is pooled,
/// configured and instrumented like every other outbound call (and a test can point it at
/// loopback).
/// </summary>
public sealed class MsalHttpClients(IHttpClientFactory clients) : IMsalHttpClientFactory
{
    public const string Name = "TeamsAuth";

    public HttpClient GetHttpClient() => clients.CreateClient(Name);
}
