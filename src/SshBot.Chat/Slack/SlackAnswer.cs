using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SshBot.Chat.Slack;

/// <summary>
/// What a verified Slack delivery is answered with, whichever way it came: an HTTP response to
/// a webhook, or the acknowledgement of a Socket Mode envelope.
/// </summary>
/// <param name="Status">The HTTP status a webhook answers with.</param>
/// <param name="Text">A text shown to the user at once (the URL challenge), if any.</param>
/// <param name="Message">
/// A message shown at once to the one who ran a slash command (<c>response_type: ephemeral</c>):
/// the help, a usage hint. Slack shows a slash command's immediate answer to that person only.
/// </param>
public sealed record SlackAnswer(int Status, string? Text = null, JsonObject? Message = null)
{
    public static SlackAnswer Ok { get; } = new(StatusCodes.Status200OK);

    /// <summary>The delivery could not be read.</summary>
    public static SlackAnswer Malformed { get; } = new(StatusCodes.Status400BadRequest);

    /// <summary>The background queue is full; Slack delivers again later.</summary>
    public static SlackAnswer Busy { get; } = new(StatusCodes.Status503ServiceUnavailable);

    public static SlackAnswer Reply(string text) => new(StatusCodes.Status200OK, text);

    public static SlackAnswer Private(JsonObject message) => new(StatusCodes.Status200OK, Message: message);

    public IResult ToResult() =>
        Message is { } message ? Results.Text(message.ToJsonString(), "application/json")
        : Text is { } text ? Results.Text(text, "text/plain")
        : Results.StatusCode(Status);
}
