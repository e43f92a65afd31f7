using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SshBot.Chat.Conversation;
using SshBot.Chat.Work;
using SshBot.Incidents;
using SshBot.Incidents.Threads;

namespace SshBot.Chat.Slack;

/// <summary>
/// Hands verified Slack deliveries to the work inbox: stored before Slack is answered, so a
/// redelivery of an event id is stored once and a restart loses nothing; 503 when the inbox
/// cannot take it (Slack delivers it again later).
/// </summary>
public sealed partial class SlackDelivery(ChatInbox inbox, SlackWebApi channel, IOptions<SlackOptions> options, IIncidentStore store, ILogger<SlackDelivery> logger)
{
    public SlackOptions Options => options.Value;

    public SlackWebApi Channel => channel;

    public async Task<SlackAnswer> AcceptAsync(ChatWork work) =>
        await inbox.AcceptAsync(work) == Acceptance.Accepted ? SlackAnswer.Ok : SlackAnswer.Busy;

    public Task<SlackAnswer> AcceptAsync(InboundMessage message) => AcceptAsync(ChatWork.From(message));

    public Task<SlackAnswer> AcceptAsync(InboundAction action) => AcceptAsync(ChatWork.From(action));

    /// <summary>The incident of a thread the bot posted in, or null: a thread that is not the bot's is none of its business.</summary>
    public Task<long?> IncidentOfThreadAsync(string channelId, string thread) =>
        store is IIncidentThreads threads ? threads.FindIncidentByThreadAsync("slack", channelId, thread) : Task.FromResult<long?>(null);

    /// <summary>The response_url if Slack's own (or the configured base), else null, and the refusal is logged.</summary>
    public Uri? AcceptResponseUrl(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (SlackResponseUrl.TryAccept(value, Options, out var url))
        {
            return url;
        }

        LogResponseUrlRefused(logger, Uri.TryCreate(value, UriKind.Absolute, out var bad) ? bad.Scheme + "://" + bad.Authority : "(not a URL)");
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Slack response_url at {Where}: only https://hooks.slack.com/ (or Slack:ResponseUrlBase) is called; answering without it")]
    private static partial void LogResponseUrlRefused(ILogger logger, string where);
}
