using Microsoft.Extensions.Logging;
using SshBot.Chat.Cards;
using SshBot.Incidents;

namespace SshBot.Chat.Conversation;

/// <summary>
/// Gets the final answer to a person whatever the platform refuses: the card in place of
/// "Looking at…"; if the card is refused, the same answer as plain text there; if that fails
/// too, as a new message. The incident records which got through, or why none did.
/// </summary>
internal sealed partial class FinalDelivery(IChatChannel channel, IIncidentStore store, ILogger logger)
{
    public async Task DeliverAsync(ChatThread thread, string? messageId, ChatCard card, OpenedRequest opened, CancellationToken ct)
    {
        var failures = new List<string>();
        var plain = ChatCard.Text(PlainTextCardRenderer.Render(card).Trim()) with { Public = true };
        var tries = new (string How, ChatCard Card, bool InPlace)[]
        {
            ("the card", card, true),
            ("as text: the card was refused", plain, true),
            ("as a new text message", plain, false),
        };
        foreach (var (how, answer, inPlace) in tries)
        {
            if (inPlace && messageId is null)
            {
                continue;
            }

            try
            {
                if (inPlace)
                {
                    await channel.UpdateAsync(thread, messageId!, answer, ct);
                }
                else
                {
                    await channel.PostAsync(thread, answer, ct);
                }

                var text = failures.Count == 0 ? how : $"{how} ({string.Join("; ", failures)})";
                LogDelivered(logger, opened.IncidentId, text);
                await store.RecordEventAsync(opened.IncidentId, opened.DiagnosisId, IncidentEventKinds.Delivered, text, ct);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add(e.Message);
                LogTryFailed(logger, e, how);
            }
        }

        var why = string.Join("; ", failures);
        LogUndelivered(logger, opened.IncidentId, why);
        await store.RecordEventAsync(opened.IncidentId, opened.DiagnosisId, IncidentEventKinds.DeliveryFailed, why, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered the answer of incident {IncidentId}: {How}")]
    private static partial void LogDelivered(ILogger logger, long incidentId, string how);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering {How} failed; trying the next way")]
    private static partial void LogTryFailed(ILogger logger, Exception e, string how);

    [LoggerMessage(Level = LogLevel.Error, Message = "The answer of incident {IncidentId} could not be delivered at all: {Why}")]
    private static partial void LogUndelivered(ILogger logger, long incidentId, string why);
}
