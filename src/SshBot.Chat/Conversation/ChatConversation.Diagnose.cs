using System.Globalization;
using Microsoft.Extensions.Logging;
using SshBot.Chat.Cards;
using SshBot.Chat.Running;
using SshBot.Chat.Telemetry;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Targets;
using SshBot.Incidents;
using SshBot.Incidents.Knowledge;

namespace SshBot.Chat.Conversation;

/// <summary>One host of a diagnose request: the message, where to answer, and which run of it this is.</summary>
internal sealed record DiagnoseRequest(
    InboundMessage Message,
    IChatChannel Channel,
    string Raw,
    IReadOnlyDictionary<string, ObservationValue> Reports,
    int Index,
    int Attempt)
{
    public ChatThread Thread => Message.Thread;

    public ChatUser User => Message.User;

    /// <summary>Where the asker said they connect from ("from the office VPN"): the zone to run in; null when unsaid.</summary>
    public string? Vantage { get; init; }

    /// <summary>
    /// The diagnosis job: the request's own key as its id, so a replica that takes the request
    /// over after another died mid-way asks for the same job and gets its one result.
    /// </summary>
    public DiagnosisJob Job => new(Key) { Zones = Vantage is { } place ? [place] : [] };

    /// <summary>The incident's idempotency key: the platform's delivery id, one per host of the message.</summary>
    public string Key => $"{User.Platform}:{Message.EventId}" + (Index == 0 ? "" : $"#{Index.ToString(CultureInfo.InvariantCulture)}");
}

public sealed partial class ChatConversation
{
    /// <summary>
    /// Checks the asker's rate limit and the target policy first (only the audit line is written
    /// for a refusal), then records the request as an incident before any probe, then diagnoses.
    /// A request that an earlier run left unfinished updates the reply it had posted.
    /// </summary>
    private async Task DiagnoseOneAsync(DiagnoseRequest request, CancellationToken ct)
    {
        Target target;
        try
        {
            target = TargetParser.Parse(request.Raw);
        }
        catch (TargetFormatException e)
        {
            BotMetrics.Refused("not-a-target");
            await AuditAsync(request.User, request.Raw, [], false, $"not a target: {e.Message}", ct);
            await request.Channel.PostAsync(request.Thread, ChatCard.Text($"'{request.Raw}' is not a host I can check: {e.Message}"), ct);
            return;
        }

        if (request.Attempt == 1)
        {
            var (allowed, retryAfter) = services.RateLimiter.TryAcquire(request.User);
            if (!allowed)
            {
                BotMetrics.Refused("rate-limit");
                await AuditAsync(request.User, request.Raw, [], false, "rate limited", ct);
                await request.Channel.PostAsync(request.Thread, ChatCard.Text($"You have asked for many diagnoses in a short time; try again in {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} s."), ct);
                return;
            }
        }

        var gate = await services.Gate.DecideAsync(target, options.Origin, ct);
        try
        {
            await AuditAsync(request.User, request.Raw, [.. gate.Addresses.Select(a => a.ToString())], gate.Allowed, gate.Reason, ct);
        }
#pragma warning disable CA1031 // Any audit failure stops the probe; the user is told, the log has the cause.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogAuditFailed(logger, e);
            BotMetrics.Refused("audit-log");
            await request.Channel.PostAsync(request.Thread, ChatCard.Text($"I can't check {target} right now: the audit log cannot be written, and I don't probe without it. An admin has to look at the bot's logs."), ct);
            return;
        }

        if (!gate.Allowed)
        {
            BotMetrics.Refused("policy");
            await request.Channel.PostAsync(request.Thread, Cards.Cards.Refused(request.Raw, Cards.Cards.AllowHint), ct);
            return;
        }

        var opened = await services.Store.OpenRequestAsync(
            new IncidentRequest(request.Key, target.Host, target.Port, request.User.Key, request.User.Platform, request.Thread.Channel, request.Thread.ThreadId, request.Message.Text), ct);
        // Every line about this diagnosis from here on names its incident.
        using var scope = logger.BeginScope(new CorrelationScope("IncidentId", opened.IncidentId));
        string? messageId = null;
        if (opened.Duplicate)
        {
            var resumed = await ResumePointAsync(request, opened, ct);
            if (resumed is null)
            {
                return;
            }

            messageId = resumed.MessageId;
        }

        await RunAndReportAsync(request, target, opened, messageId, ct);
    }

    private sealed record ResumePoint(string? MessageId);

    /// <summary>
    /// Where an interrupted diagnosis picks up: null when there is nothing left to do (a first
    /// run that meets a recorded key, or a final reply already delivered), else the reply to
    /// update. The interruption is recorded so the incident tells it.
    /// </summary>
    private async Task<ResumePoint?> ResumePointAsync(DiagnoseRequest request, OpenedRequest opened, CancellationToken ct)
    {
        if (request.Attempt == 1)
        {
            LogDuplicate(logger, request.Key);
            return null;
        }

        var detail = await services.Store.GetIncidentAsync(opened.IncidentId, ct);
        if (detail is null || detail.Events.Any(e => e.DiagnosisId == opened.DiagnosisId && e.Kind is IncidentEventKinds.Delivered or IncidentEventKinds.DeliveryFailed))
        {
            return null;
        }

        await services.Store.RecordEventAsync(
            opened.IncidentId,
            opened.DiagnosisId,
            IncidentEventKinds.Interrupted,
            $"interrupted by a restart; running again (attempt {request.Attempt.ToString(CultureInfo.InvariantCulture)})",
            ct);
        return new ResumePoint(detail.Replies.LastOrDefault(r => r.DiagnosisId == opened.DiagnosisId)?.MessageId);
    }

    private async Task RunAndReportAsync(DiagnoseRequest request, Target target, OpenedRequest opened, string? messageId, CancellationToken ct)
    {
        var thread = request.Thread;
        var channel = request.Channel;
        var stagesLog = new MessageUpdater();
        var stages = new List<StageReport>();
        await using var progress = new ProgressUpdates(channel, thread, options.MinProgressInterval, services.Time);
        var (result, joined) = services.Coordinator.RunOrJoin(target, options.Origin, stage =>
        {
            StageReport[] soFar;
            lock (stages)
            {
                stages.Add(stage);
                soFar = [.. stages];
            }

            stagesLog.Enqueue(() => services.Store.AppendStageAsync(opened.DiagnosisId, stage.Name, stage.StatusText, stage.Ms, Serialize(ObservationValue.ToPlain(stage.ObservationsSoFar)), CancellationToken.None));
            progress.Offer(Cards.Cards.Progress(target, soFar));
        }, request.Job);

        messageId = await AcknowledgeAsync(request, target, opened, messageId, joined, ct);
        if (messageId is not null)
        {
            progress.Start(messageId);
        }

        Diagnosis diagnosis;
        try
        {
            diagnosis = await result.WaitAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await stagesLog.DrainAsync();
            await progress.StopAsync();
            if (!options.ResumeInterrupted)
            {
                await CloseInterruptedAsync(request, target, opened, messageId);
            }

            throw;
        }
#pragma warning disable CA1031 // The asker must hear that it failed instead of watching "Looking at…" forever.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await stagesLog.DrainAsync();
            await progress.StopAsync();
            LogDiagnosisFailed(logger, e, target.ToString());
            BotMetrics.DiagnosisDuration.Record(0, new KeyValuePair<string, object?>("verdict", "failed"));
            await DeliverAsync(request, opened, messageId, ChatCard.Text($"The diagnosis of {target} failed unexpectedly ({e.GetType().Name}). Try again; if it keeps failing, an admin can look at the bot's logs."), ct);
            return;
        }

        await stagesLog.DrainAsync();
        await progress.StopAsync();
        if (diagnosis.Refused)
        {
            // The addresses the refusal was made on (a rebinding answer): the diagnosis itself keeps none.
            BotMetrics.Refused("policy");
            await AuditAsync(request.User, target.ToString(), [.. diagnosis.Policy.Addresses.Select(a => a.ToString())], false, diagnosis.Policy.Reason, CancellationToken.None);
            await CloseUnprobedAsync(opened, "refused", ct);
            await DeliverAsync(request, opened, messageId, Cards.Cards.Refused(target.ToString(), Cards.Cards.AllowHint), ct);
            return;
        }

        var observations = Merge(diagnosis.Observations, request.Reports);
        var priors = await services.Store.GetCausePriorsAsync(target.Host, ct);
        var match = services.KnowledgeBase.Current.Match(observations, priors);
        var verdict = match.Verdict?.Id ?? "none";
        LogDiagnosed(logger, target.ToString(), verdict, diagnosis.ElapsedMs, joined);
        if (!joined)
        {
            // A joined request shares the run it joined: counted once, by the request that started it.
            BotMetrics.DiagnosisDuration.Record(diagnosis.ElapsedMs / 1000.0, new KeyValuePair<string, object?>("verdict", BotMetrics.Bounded(verdict)));
        }

        await services.Store.CompleteDiagnosisAsync(
            opened.DiagnosisId,
            match.Verdict?.Id,
            Serialize(match.Findings.Select(f => new ChatFindingJson(f.Id, f.Title, f.Score, f.Evidence, f.Missing)).ToArray()),
            Serialize(ObservationValue.ToPlain(observations)),
            ct);
        if (services.Store is IKnowledgeRevisions revisions && match.KnowledgeBaseVersion is { } version)
        {
            await revisions.RecordKnowledgeBaseVersionAsync(opened.DiagnosisId, version, ct);
        }

        var history = await HistoryLineAsync(target, request.User, opened.IncidentId, match.Verdict?.Id, ct);
        await DeliverAsync(request, opened, messageId, Cards.Cards.Verdict(target, match, history, opened.IncidentId, CheckedFrom.Describe(diagnosis.Observations, request.Vantage)), ct);
    }

    /// <summary>
    /// Posts "Looking at…" (or, for an interrupted run, says so in the reply it had posted) and
    /// remembers the reply. Null when nothing could be posted: the diagnosis still runs and its
    /// verdict is delivered as a new message, and the incident records what failed.
    /// </summary>
    private async Task<string?> AcknowledgeAsync(DiagnoseRequest request, Target target, OpenedRequest opened, string? messageId, bool joined, CancellationToken ct)
    {
        var card = request.Attempt > 1 ? Cards.Cards.Resumed(target) : Cards.Cards.Acknowledge(target, joined);
        try
        {
            if (messageId is not null)
            {
                await request.Channel.UpdateAsync(request.Thread, messageId, card, ct);
                return messageId;
            }

            messageId = await request.Channel.PostAsync(request.Thread, card, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogAcknowledgeFailed(logger, e, target.ToString());
            await services.Store.RecordEventAsync(opened.IncidentId, opened.DiagnosisId, IncidentEventKinds.DeliveryFailed, $"the first reply could not be posted: {e.Message}", ct);
            return messageId;
        }

        await services.Store.RecordReplyAsync(new ReplySent(opened.IncidentId, opened.DiagnosisId, request.User.Platform, request.Thread.Channel, request.Thread.ThreadId, messageId), ct);
        return messageId;
    }

    /// <summary>Where nobody will run it again: the record is closed as interrupted and the reply says so.</summary>
    private async Task CloseInterruptedAsync(DiagnoseRequest request, Target target, OpenedRequest opened, string? messageId)
    {
        await CloseUnprobedAsync(opened, "interrupted", CancellationToken.None);
        await services.Store.RecordEventAsync(opened.IncidentId, opened.DiagnosisId, IncidentEventKinds.Interrupted, "interrupted before it finished; no verdict", CancellationToken.None);
        if (messageId is not null)
        {
            await request.Channel.UpdateAsync(request.Thread, messageId, ChatCard.Text($"The diagnosis of {target} was interrupted before it finished."), CancellationToken.None);
        }
    }

    private Task DeliverAsync(DiagnoseRequest request, OpenedRequest opened, string? messageId, ChatCard card, CancellationToken ct) =>
        new FinalDelivery(request.Channel, services.Store, logger).DeliverAsync(request.Thread, messageId, card, opened, ct);

    private async Task<string> HistoryLineAsync(Target target, ChatUser asker, long incidentId, string? verdictId, CancellationToken ct)
    {
        var novelty = await services.Store.GetNoveltyAsync(target.Host, target.Port, verdictId, incidentId, ct);
        var since = services.Time.GetUtcNow().AddDays(-30);
        var past = (await services.Store.ListIncidentsAsync(Scoped(new IncidentQuery(target.Host, target.Port, since, 50), asker), ct))
            .Where(i => i.Id != incidentId).ToArray();
        return Cards.Cards.History(past, novelty.HostIsNew);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Diagnosed {Target}: verdict {Verdict} in {Ms} ms (joined a running diagnosis: {Joined})")]
    private static partial void LogDiagnosed(ILogger logger, string target, string verdict, long ms, bool joined);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The first reply about {Target} could not be posted; the verdict will be posted as a new message")]
    private static partial void LogAcknowledgeFailed(ILogger logger, Exception e, string target);
}
