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
/// <c>POST /api/messages</c>: the Bot Framework activity endpoint. The token is validated before
/// the activity is acted on (401/403 and no work otherwise); the request is stored in the work inbox before the 200, and the workers answer it.
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
        var (body, error) = await RequestBody.ReadAsync(http.Request, options.MaxBodyBytes, http.RequestAborted);
        if (error is not null)
        {
            return error;
        }

        if (!http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Results.Unauthorized();
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

        var auth = await services.GetRequiredService<TeamsTokenValidator>().ValidateAsync(http.Request.Headers.Authorization, activity.ServiceUrl, activity.ChannelId, http.RequestAborted);
        if (!auth.Ok)
        {
            return Results.StatusCode(auth.Status);
        }

        var work = activity switch
        {
            { Action: { } action } => ChatWork.From(action, activity.ServiceUrl),
            { Message: { } message } => ChatWork.From(message, activity.ServiceUrl),
            _ => null,
        };
        var accepted = work is null || await services.GetRequiredService<ChatInbox>().AcceptAsync(work) == Acceptance.Accepted;
        return accepted ? Results.Ok() : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
    }
}
