using Microsoft.Extensions.Options;
using SshBot.Chat.Conversation;
using SshBot.Chat.Work;

namespace SshBot.Chat.Slack;

/// <summary>
/// Hands verified Slack deliveries to the work inbox: stored before Slack is answered, so a
/// redelivery of an event id is stored once and a restart loses nothing; 503 when the inbox
/// cannot take it (Slack delivers it again later).
/// </summary>
public sealed class SlackDelivery(ChatInbox inbox, SlackWebApi channel, IOptions<SlackOptions> options)
{
    public SlackOptions Options => options.Value;

    public SlackWebApi Channel => channel;

    public async Task<SlackAnswer> AcceptAsync(ChatWork work) =>
        await inbox.AcceptAsync(work) == Acceptance.Accepted ? SlackAnswer.Ok : SlackAnswer.Busy;

    public Task<SlackAnswer> AcceptAsync(InboundMessage message) => AcceptAsync(ChatWork.From(message));

    public Task<SlackAnswer> AcceptAsync(InboundAction action) => AcceptAsync(ChatWork.From(action));
}
