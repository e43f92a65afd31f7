using System.Globalization;
using System.Text.RegularExpressions;
using SshBot.Chat.Cards;
using SshBot.Incidents;
using SshBot.Incidents.Threads;

namespace SshBot.Chat.Conversation;

/// <summary>
/// The bot's own threads: feedback that stands once per card, replies without a mention
/// ("fixed", "again", a pasted log), and a person's home page of incidents on their hosts.
/// </summary>
public sealed partial class ChatConversation
{
    /// <summary>How many incidents a home page lists.</summary>
    public const int HomeLimit = 20;

    /// <summary>
    /// A reply without a mention in the thread of incident <paramref name="incidentId"/>. Only
    /// what is plainly meant for the bot is acted on: "fixed" or "not it" answers the card,
    /// "again" diagnoses the host again, pasted client output (an <c>ssh -v</c> log, an error in a
    /// code block or quote) is diagnosed with it. People
    /// talking to each other in the thread get no answer.
    /// </summary>
    public async Task HandleThreadReplyAsync(InboundMessage message, long incidentId, IChatChannel channel, int attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(channel);
        if (message.User.IsBot || await services.Store.GetIncidentAsync(incidentId, ct) is not { } detail)
        {
            return;
        }

        var target = detail.Incident.Host.Contains(':', StringComparison.Ordinal)
            ? $"[{detail.Incident.Host}]:{detail.Incident.Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{detail.Incident.Host}:{detail.Incident.Port.ToString(CultureInfo.InvariantCulture)}";
        var words = IntentParser.StripMentions(message.Text).Trim();
        if (SaysFixed().IsMatch(words))
        {
            await AnswerAsync(new FeedbackGiven(incidentId, FeedbackKinds.Fixed, message.User.Key), message.User, message.Thread, target, channel, fromCard: false, ct);
        }
        else if (SaysNotIt().IsMatch(words))
        {
            await AnswerAsync(new FeedbackGiven(incidentId, FeedbackKinds.NotIt, message.User.Key), message.User, message.Thread, target, channel, fromCard: false, ct);
        }
        else if (IntentParser.HoldsPastedBlock(message.Text))
        {
            await HandleAsync(message with { Text = $"diagnose {target}\n{message.Text}" }, channel, attempt, ct);
        }
        else if (SaysAgain().IsMatch(words))
        {
            await HandleAsync(message with { Text = $"diagnose {target}" }, channel, attempt, ct);
        }
    }

    /// <summary>The home page of <paramref name="user"/>: recent incidents on the hosts they asked about, scoped like history.</summary>
    public async Task<ChatCard> HomeCardAsync(ChatUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var incidents = services.Store is IIncidentThreads threads
            ? await threads.ListForRequesterAsync(user.Key, options.HistoryScope == HistoryScope.Team ? $"{user.Platform}:{user.Team}:" : null, HomeLimit, ct)
            : [];
        return incidents.Count == 0
            ? ChatCard.Text("No incidents yet on the hosts you asked about. Mention me with \"can't ssh to web-01\" or use /sshdiag web-01.")
            : IncidentList("Recent incidents on your hosts", incidents);
    }

    /// <summary>
    /// Records "fixed" or "not it" unless the card was already answered (by anyone: the card is
    /// shared, one answer keeps the history unambiguous; "Run again" starts a new card). The card
    /// then shows who answered and when instead of its buttons; a later press changes nothing and
    /// is told so privately where the channel can.
    /// </summary>
    private async Task AnswerAsync(FeedbackGiven feedback, ChatUser user, ChatThread thread, string target, IChatChannel channel, bool fromCard, CancellationToken ct)
    {
        CardAnswerRecord answer;
        if (services.Store is IIncidentThreads threads)
        {
            answer = await threads.RecordAnswerAsync(feedback, ct);
        }
        else
        {
            await services.Store.RecordFeedbackAsync(feedback, ct);
            answer = new CardAnswerRecord(feedback.Kind, feedback.GivenBy, services.Time.GetUtcNow(), Recorded: true);
        }

        if (!answer.Recorded)
        {
            await channel.PostAsync(thread, ChatCard.Text($"This diagnosis was already answered \"{Label(answer.Kind)}\" by {answer.GivenBy} at {answer.GivenAt:yyyy-MM-dd HH:mm} UTC; nothing changed. Run it again to answer a new one."), ct);
            return;
        }

        if (fromCard)
        {
            await channel.MarkAnsweredAsync(thread, new CardAnswer(Label(answer.Kind), user, answer.GivenAt), ct);
        }

        var id = feedback.IncidentId;
        await channel.PostAsync(thread, ChatCard.Text(feedback.Kind == FeedbackKinds.Fixed
            ? $"Thanks, recorded incident {id} on {target} as fixed. The next person who asks about it will see that."
            : $"Noted: that was not it for {target} (incident {id}). Try the other possible causes on the card, or paste your `ssh -v` output here."), ct);
    }

    private static string Label(string kind) => kind == FeedbackKinds.Fixed ? "Fixed it" : "Not it";

    [GeneratedRegex(@"^\W*(fixed|that fixed it|solved|resolved|works now|it works)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 100)]
    private static partial Regex SaysFixed();

    [GeneratedRegex(@"^\W*(not it|that'?s not it|that was not it|that wasn'?t it)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 100)]
    private static partial Regex SaysNotIt();

    [GeneratedRegex(@"^\W*(again|run (it )?again|try (it )?again|check (it )?again|retry|re-?run)\W*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 100)]
    private static partial Regex SaysAgain();
}
