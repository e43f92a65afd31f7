using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SshBot.Chat.Hosting;

namespace SshBot.Chat.Slack;

/// <summary>
/// The Slack webhooks, served when a signing secret is set. Each verifies the signature over
/// the raw body before reading anything from it (401 and no work otherwise), acknowledges at
/// once the request is stored in the work inbox (<see cref="Work.ChatInbox"/>), and leaves the work to the workers.
/// </summary>
public static class SlackEndpoints
{
    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ServiceProvider.GetRequiredService<IOptions<SlackOptions>>().Value;
        if (!options.Enabled || string.IsNullOrEmpty(options.SigningSecret))
        {
            return app;
        }

        var slack = app.MapGroup("/api/slack");
        slack.MapPost("/events", (Delegate)((HttpContext http) => Verified(http, Events)));
        slack.MapPost("/interactions", (Delegate)((HttpContext http) => Verified(http, Interactions)));
        slack.MapPost("/commands", (Delegate)((HttpContext http) => Verified(http, Commands)));
        return app;
    }

    private static async Task<IResult> Verified(HttpContext http, Func<byte[], SlackDelivery, Task<SlackAnswer>> handle)
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<SlackOptions>>().Value;
        var (body, error) = await RequestBody.ReadAsync(http.Request, options.MaxBodyBytes, http.RequestAborted);
        if (error is not null)
        {
            return error;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (!SlackSignature.Verify(options.SigningSecret!, http.Request.Headers["X-Slack-Request-Timestamp"], http.Request.Headers["X-Slack-Signature"], body, now, options.MaxClockSkew))
        {
            return Results.Unauthorized();
        }

        try
        {
            return (await handle(body!, services.GetRequiredService<SlackDelivery>())).ToResult();
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }
    }

    private static async Task<SlackAnswer> Events(byte[] body, SlackDelivery delivery)
    {
        using var json = JsonDocument.Parse(body);
        return await SlackDispatch.EventAsync(json.RootElement, delivery);
    }

    private static async Task<SlackAnswer> Interactions(byte[] body, SlackDelivery delivery)
    {
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        using var json = JsonDocument.Parse(form["payload"].ToString());
        return await SlackDispatch.InteractionAsync(json.RootElement, delivery);
    }

    private static Task<SlackAnswer> Commands(byte[] body, SlackDelivery delivery)
    {
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        return SlackDispatch.CommandAsync(name => form[name].ToString(), delivery);
    }
}
