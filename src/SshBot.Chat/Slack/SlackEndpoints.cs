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
/// The Slack webhooks, served when a signing secret is set. The signature headers and the
/// timestamp are checked before the body is read, and the signature over the raw body before
/// anything is read from it (401 and no work otherwise); a signed body missing a field Slack
/// always sends is 400. Then it acknowledges once the request is stored in the work inbox
/// (<see cref="Work.ChatInbox"/>) and leaves the work to the workers.
/// </summary>
public static class SlackEndpoints
{
    /// <summary>Slack sends every one of these with a slash command (text empty when nothing follows the command).</summary>
    private static readonly string[] CommandFields = ["team_id", "user_id", "channel_id", "trigger_id", "text"];

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
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var timestamp = http.Request.Headers["X-Slack-Request-Timestamp"].ToString();
        var signature = http.Request.Headers["X-Slack-Signature"].ToString();
        if (!SlackSignature.HeadersAcceptable(timestamp, signature, now, options.MaxClockSkew))
        {
            // Refused before a byte of the body is read.
            return RequestBody.Refuse(http, StatusCodes.Status401Unauthorized);
        }

        var (body, error) = await RequestBody.ReadAsync(http, options.MaxBodyBytes);
        if (error is not null)
        {
            return error;
        }

        if (!SlackSignature.Verify(options.SigningSecret!, timestamp, signature, body, now, options.MaxClockSkew))
        {
            return RequestBody.Refuse(http, StatusCodes.Status401Unauthorized);
        }

        try
        {
            return (await handle(body!, services.GetRequiredService<SlackDelivery>())).ToResult();
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
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
        if (!form.TryGetValue("payload", out var payload) || payload.Count != 1)
        {
            return SlackAnswer.Malformed;
        }

        using var json = JsonDocument.Parse(payload.ToString());
        return json.RootElement.ValueKind == JsonValueKind.Object ? await SlackDispatch.InteractionAsync(json.RootElement, delivery) : SlackAnswer.Malformed;
    }

    private static Task<SlackAnswer> Commands(byte[] body, SlackDelivery delivery)
    {
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        if (form.TryGetValue("ssl_check", out var sslCheck) && sslCheck == "1")
        {
            // Slack checking the certificate of the command URL: 200, empty, nothing else done.
            return Task.FromResult(SlackAnswer.Ok);
        }

        if (CommandFields.Any(name => !form.TryGetValue(name, out var value) || value.Count != 1))
        {
            return Task.FromResult(SlackAnswer.Malformed);
        }

        return SlackDispatch.CommandAsync(name => form.TryGetValue(name, out var value) ? value.ToString() : "", delivery);
    }
}
