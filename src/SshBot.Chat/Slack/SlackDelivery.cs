using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SshBot.Chat.Conversation;
using SshBot.Chat.Hosting;

namespace SshBot.Chat.Slack;

/// <summary>
/// Hands verified Slack deliveries to the conversation in the background. A delivery id seen in
/// the last hour is acknowledged and dropped here; across restarts, the incident store's
/// idempotency key does the same for diagnoses.
/// </summary>
public sealed class SlackDelivery(BackgroundWork work, ChatConversation conversation, SlackWebApi channel, IOptions<SlackOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Remember = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public SlackOptions Options => options.Value;

    public SlackWebApi Channel => channel;

    public SlackAnswer Accept(string deliveryId, Func<ChatConversation, CancellationToken, Task> handle)
    {
        var now = time.GetUtcNow();
        if (!_seen.TryAdd(deliveryId, now))
        {
            return SlackAnswer.Ok;
        }

        if (_seen.Count > 10_000)
        {
            foreach (var old in _seen.Where(kv => now - kv.Value > Remember))
            {
                _seen.TryRemove(old);
            }
        }

        return work.TryEnqueue(ct => handle(conversation, ct)) ? SlackAnswer.Ok : SlackAnswer.Busy;
    }
}
