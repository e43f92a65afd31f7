using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SshBot.Chat.Conversation;
using SshBot.Chat.Hosting;

namespace SshBot.Chat.Slack;

/// <summary>
/// The Slack webhooks. Each verifies the signature over the raw body before reading anything
/// from it (401 and no work otherwise), acknowledges at once and leaves the work to
/// <see cref="BackgroundWork"/>.
/// </summary>
public static class SlackEndpoints
{
    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.ServiceProvider.GetRequiredService<IOptions<SlackOptions>>().Value.Enabled)
        {
            return app;
        }

        var slack = app.MapGroup("/api/slack");
        slack.MapPost("/events", (Delegate)((HttpContext http) => Verified(http, Events)));
        slack.MapPost("/interactions", (Delegate)((HttpContext http) => Verified(http, Interactions)));
        slack.MapPost("/commands", (Delegate)((HttpContext http) => Verified(http, Commands)));
        return app;
    }

    private static async Task<IResult> Verified(HttpContext http, Func<HttpContext, byte[], SlackDelivery, IResult> handle)
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
            return handle(http, body!, services.GetRequiredService<SlackDelivery>());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return Results.BadRequest();
        }
    }

    private static IResult Events(HttpContext http, byte[] body, SlackDelivery delivery)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        switch (root.GetProperty("type").GetString())
        {
            case "url_verification":
                return Results.Text(root.GetProperty("challenge").GetString() ?? "", "text/plain");
            case "event_callback":
                var eventId = root.GetProperty("event_id").GetString() ?? throw new FormatException("no event_id");
                var team = root.TryGetProperty("team_id", out var t) ? t.GetString() ?? "" : "";
                var e = root.GetProperty("event");
                var message = SlackMessages.FromEvent(e, team, eventId, delivery.Options.BotUserId);
                return message is null ? Results.Ok() : delivery.Accept(eventId, (c, ct) => c.HandleAsync(message, delivery.Channel, ct));
            default:
                return Results.Ok();
        }
    }

    private static IResult Interactions(HttpContext http, byte[] body, SlackDelivery delivery)
    {
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        using var json = JsonDocument.Parse(form["payload"].ToString());
        var action = SlackMessages.FromInteraction(json.RootElement);
        return action is null ? Results.Ok() : delivery.Accept("action:" + action.EventId, (c, ct) => c.HandleActionAsync(action, delivery.Channel, ct));
    }

    private static IResult Commands(HttpContext http, byte[] body, SlackDelivery delivery)
    {
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        var user = new ChatUser("slack", form["team_id"].ToString(), form["user_id"].ToString());
        var text = form["text"].ToString().Trim();
        var trigger = form["trigger_id"].ToString();
        if (user.Id.Length == 0 || form["channel_id"].ToString().Length == 0 || trigger.Length == 0)
        {
            return Results.BadRequest();
        }

        if (text.Length == 0)
        {
            return Results.Text("Usage: /sshdiag HOST (for example /sshdiag web-01)", "text/plain");
        }

        var message = new InboundMessage(user, new ChatThread(form["channel_id"].ToString(), null), "diagnose " + text, "cmd-" + trigger);
        return delivery.Accept("cmd-" + trigger, (c, ct) => c.HandleAsync(message, delivery.Channel, ct));
    }
}
