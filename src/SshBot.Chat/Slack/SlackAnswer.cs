using Microsoft.AspNetCore.Http;

namespace SshBot.Chat.Slack;

/// <summary>
/// What a verified Slack delivery is answered with, whichever way it came: an HTTP response to
/// a webhook, or the acknowledgement of a Socket Mode envelope.
/// </summary>
/// <param name="Status">The HTTP status a webhook answers with.</param>
/// <param name="Text">A text shown to the user at once (the URL challenge, a usage hint), if any.</param>
public sealed record SlackAnswer(int Status, string? Text = null)
{
    public static SlackAnswer Ok { get; } = new(StatusCodes.Status200OK);

    /// <summary>The delivery could not be read.</summary>
    public static SlackAnswer Malformed { get; } = new(StatusCodes.Status400BadRequest);

    /// <summary>The background queue is full; Slack delivers again later.</summary>
    public static SlackAnswer Busy { get; } = new(StatusCodes.Status503ServiceUnavailable);

    public static SlackAnswer Reply(string text) => new(StatusCodes.Status200OK, text);

    public IResult ToResult() => Text is { } text ? Results.Text(text, "text/plain") : Results.StatusCode(Status);
}
