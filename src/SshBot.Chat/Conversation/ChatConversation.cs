using SshBot.KnowledgeBase.Explaining;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using SshBot.Chat.Cards;
using SshBot.Chat.Protection;
using SshBot.Chat.Running;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Targets;
using SshBot.Incidents;

namespace SshBot.Chat.Conversation;

/// <summary>
/// The channel-neutral conversation: reads what was asked, checks who may ask for what, records
/// the request as an incident before any probe, acknowledges in the thread, updates that message
/// as stages finish and ends with the verdict card. Channels only verify, deliver and render.
/// </summary>
public sealed partial class ChatConversation(
    ConversationServices services,
    ConversationOptions options,
    ILogger<ChatConversation> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { TypeInfoResolver = ChatJsonContext.Default };

    /// <summary>Handles one verified message. Messages from bots, this one included, are ignored.</summary>
    public Task HandleAsync(InboundMessage message, IChatChannel channel, CancellationToken ct) => HandleAsync(message, channel, 1, ct);

    /// <summary>
    /// Handles one verified message; <paramref name="attempt"/> above 1 means an earlier run of it
    /// was interrupted (a restart, a replica that died): its diagnoses pick up where they were,
    /// updating the reply already posted, and are not counted against the asker's rate limit again.
    /// </summary>
    public async Task HandleAsync(InboundMessage message, IChatChannel channel, int attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(channel);
        if (message.User.IsBot)
        {
            return;
        }

        // A paste with no request is explained first; probing is one button away.
        var intent = IntentParser.Read(message.Text);
        switch (intent)
        {
            case DiagnoseIntent diagnose:
                var extra = diagnose.WithPaste ? services.PastedLogs.Analyze(message.Text).Observations : new Dictionary<string, ObservationValue>();
                var reports = Merge(diagnose.Reports, extra);
                await Task.WhenAll(SameHostOnce(diagnose.Targets).Select((t, i) => DiagnoseOneAsync(new DiagnoseRequest(message, channel, t, reports, i, attempt) { Vantage = diagnose.Vantage }, ct)));
                break;
            case AskForHostIntent when ClientLogExplainer.Explain(services.KnowledgeBase.Current, message.Text) is { } explained && (explained.FoundError || explained.Explained):
                // Client output with no request, or none that names a host ("Network error: Connection timed out").
                await channel.PostAsync(message.Thread, ExplanationCards.From(explained), ct);
                break;
            case AskForHostIntent:
                await channel.PostAsync(message.Thread, ChatCard.Text("Thanks for the log. Which host was that? Say e.g. \"can't ssh to web-01\" in this thread and I'll probe it from here."), ct);
                break;
            case HistoryIntent history:
                await channel.PostAsync(message.Thread, await HistoryCardAsync(history.Host, message.User, ct), ct);
                break;
            case RecentIntent:
                await channel.PostAsync(message.Thread, IncidentList("Recent incidents", await services.Store.ListIncidentsAsync(Scoped(new IncidentQuery(Limit: 10), message.User), ct)), ct);
                break;
            case KbListIntent:
                await channel.PostAsync(message.Thread, KnowledgeCards.List(services.KnowledgeBase.Current), ct);
                break;
            case KbShowIntent show:
                await channel.PostAsync(message.Thread, KnowledgeCards.Show(services.KnowledgeBase.Current, show.Id), ct);
                break;
            case KbAdminIntent admin:
                await channel.PostAsync(message.Thread, !options.IsAdmin(message.User)
                    ? ChatCard.Text($"Only knowledge-base admins may kb {admin.Verb}. Anyone may kb list and kb show.")
                    : services.Editor is { } editor
                        ? ChatCard.Text(await editor.ApplyAsync(admin.Verb, admin.Argument, message.User.Key, ct))
                        : ChatCard.Text($"This bot's knowledge base is read-only: edit kb/ through git; it is reloaded without a restart."), ct);
                break;
            case HelpIntent:
                await channel.PostAsync(message.Thread, Cards.Cards.Help(), ct);
                break;
            default:
                await channel.PostAsync(message.Thread, ChatCard.Text("I didn't find a host in that. Try \"can't ssh to web-01\" or \"help\"."), ct);
                break;
        }
    }

    /// <summary>Handles a button on a verdict card: feedback into the incident, or a new run.</summary>
    public Task HandleActionAsync(InboundAction action, IChatChannel channel, CancellationToken ct) => HandleActionAsync(action, channel, 1, ct);

    /// <inheritdoc cref="HandleActionAsync(InboundAction, IChatChannel, CancellationToken)"/>
    public async Task HandleActionAsync(InboundAction action, IChatChannel channel, int attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(channel);
        if (action.User.IsBot)
        {
            return;
        }

        var parts = action.Value.Split('|', 2);
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var incidentId))
        {
            return;
        }

        var target = parts[1];
        switch (action.ActionId)
        {
            case CardActions.Fixed:
                await AnswerAsync(new FeedbackGiven(incidentId, FeedbackKinds.Fixed, action.User.Key), action.User, action.Thread, target, channel, fromCard: true, ct);
                break;
            case CardActions.NotIt:
                await AnswerAsync(new FeedbackGiven(incidentId, FeedbackKinds.NotIt, action.User.Key), action.User, action.Thread, target, channel, fromCard: true, ct);
                break;
            case CardActions.RunAgain or CardActions.Probe:
                await HandleAsync(new InboundMessage(action.User, action.Thread, $"diagnose {target}", action.EventId), channel, attempt, ct);
                break;
        }
    }

    /// <summary>
    /// "can't ssh to web-01" above a pasted "$ ssh deploy@web-01" names one host twice: probe it
    /// once, keeping the spelling that carries a user.
    /// </summary>
    private static IEnumerable<string> SameHostOnce(IEnumerable<string> targets) =>
        targets
            .Select((raw, order) => (Raw: raw, Order: order, Key: HostKey(raw)))
            .GroupBy(t => t.Key, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(t => t.Raw.Contains('@', StringComparison.Ordinal)).First() with { Order = g.Min(t => t.Order) })
            .OrderBy(t => t.Order)
            .Select(t => t.Raw);

    private static string HostKey(string raw)
    {
        try
        {
            var target = TargetParser.Parse(raw);
            return $"{target.Host}:{target.Port.ToString(CultureInfo.InvariantCulture)}";
        }
        catch (TargetFormatException)
        {
            return raw;
        }
    }

    /// <summary>History answers only with incidents someone of the asker's own team (Slack workspace, Teams tenant) asked about, unless configured for all.</summary>
    private IncidentQuery Scoped(IncidentQuery query, ChatUser asker) =>
        options.HistoryScope == HistoryScope.Team ? query with { RequesterPrefix = $"{asker.Platform}:{asker.Team}:" } : query;

    private async Task<ChatCard> HistoryCardAsync(string host, ChatUser asker, CancellationToken ct)
    {
        string name;
        try
        {
            name = TargetParser.Parse(host).Host;
        }
        catch (TargetFormatException e)
        {
            return ChatCard.Text($"'{host}' is not a host: {e.Message}");
        }

        var incidents = await services.Store.ListIncidentsAsync(Scoped(new IncidentQuery(Host: name, Limit: 10), asker), ct);
        return incidents.Count == 0 ? ChatCard.Text($"No incidents for {name}: first time we'd see this host.") : IncidentList($"Incidents for {name}", incidents);
    }

    private static ChatCard IncidentList(string title, IReadOnlyList<IncidentSummary> incidents)
    {
        if (incidents.Count == 0)
        {
            return ChatCard.Text("No incidents recorded yet.");
        }

        var items = incidents.Select(i =>
            $"#{i.Id} {i.Host}:{i.Port} {i.OpenedAt:yyyy-MM-dd HH:mm} {i.VerdictId ?? "no verdict"}, {i.Status}" +
            (i.Fix is { } fix ? $", fixed by {fix.GivenBy}" : "")).ToArray();
        return new ChatCard(title, [new CardList(title, items)], []);
    }

    private async Task CloseUnprobedAsync(OpenedRequest opened, string why, CancellationToken ct) =>
        await services.Store.CompleteDiagnosisAsync(opened.DiagnosisId, null, "[]", Serialize(new Dictionary<string, string> { ["chat.not_probed"] = why }), ct);

    /// <summary>With <see cref="Json"/>, through the generated metadata of <typeparamref name="T"/> (listed in <see cref="ChatJsonContext"/>).</summary>
    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Json.GetTypeInfo(typeof(T)));

    private Task AuditAsync(ChatUser who, string raw, IReadOnlyList<string> addresses, bool allowed, string reason, CancellationToken ct) =>
        services.Audit.WriteAsync(new AuditRecord(services.Time.GetUtcNow(), who.Key, raw, addresses, allowed, reason), ct);

    private static Dictionary<string, ObservationValue> Merge(IReadOnlyDictionary<string, ObservationValue> a, IReadOnlyDictionary<string, ObservationValue> b)
    {
        var merged = new Dictionary<string, ObservationValue>(a, StringComparer.Ordinal);
        foreach (var (k, v) in b)
        {
            merged.TryAdd(k, v);
        }

        return merged;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {Key} was seen before; not diagnosing again")]
    private static partial void LogDuplicate(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "The diagnosis of {Target} failed")]
    private static partial void LogDiagnosisFailed(ILogger logger, Exception e, string target);

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit log could not be written; the probe did not run")]
    private static partial void LogAuditFailed(ILogger logger, Exception e);
}

/// <summary>A finding as recorded with the incident: <c>{"id","title","score","evidence","missing"}</c>.</summary>
internal sealed record ChatFindingJson(string Id, string Title, double Score, IReadOnlyList<string> Evidence, IReadOnlyList<string> Missing);
