using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SshBot.Chat.Conversation;
using SshBot.Chat.Hosting;
using SshBot.Chat.Work;

namespace SshBot.Chat.Teams;

/// <summary>
/// <c>POST /api/messages</c>: the Bot Framework activity endpoint. The token's signature, issuer,
/// audience and lifetime are validated before the body is read (401 otherwise), its serviceUrl and
/// endorsement against the activity before it is acted on (403); the request is stored in the
/// work inbox before the 200, and the workers answer it. The bot being added to a conversation
/// is stored as one welcome for that conversation.
/// </summary>
public static class TeamsEndpoints
{
    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.ServiceProvider.GetRequiredService<IOptions<TeamsOptions>>().Value.Enabled)
        {
            return app;
        }

        app.MapPost("/api/messages", (Delegate)((HttpContext http) => Messages(http)));
        return app;
    }

    private static async Task<IResult> Messages(HttpContext http)
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<TeamsOptions>>().Value;
        // The token is validated before a byte of the body is read: a forged one is 401 whatever the body.
        var token = await services.GetRequiredService<TeamsTokenValidator>().ValidateTokenAsync(http.Request.Headers.Authorization, http.RequestAborted);
        if (!token.Ok)
        {
            return RequestBody.Refuse(http, token.Result.Status);
        }

        var (body, error) = await RequestBody.ReadAsync(http, options.MaxBodyBytes);
        if (error is not null)
        {
            return error;
        }

        TeamsActivity activity;
        try
        {
            using var json = JsonDocument.Parse(body);
            activity = TeamsActivity.From(json.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return Results.BadRequest();
        }

        var auth = token.Check(activity.ServiceUrl, activity.ChannelId);
        if (!auth.Ok)
        {
            return Results.StatusCode(auth.Status);
        }

        var work = activity switch
        {
            { Action: { } action } => ChatWork.From(action, activity.ServiceUrl, activity.Address),
            { Message: { } message } => ChatWork.From(message, activity.ServiceUrl, activity.Address),
            { Welcome: { } addedBy, Address: { } address } => ChatWork.ForWelcome(addedBy, address, activity.ServiceUrl, options.KnowledgeBaseUrl?.ToString()),
            _ => null,
        };
        var accepted = work is null || await services.GetRequiredService<ChatInbox>().AcceptAsync(work) == Acceptance.Accepted;
        return accepted ? Results.Ok() : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
    }
}
