using System.Net;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents;
using SshBot.Incidents.Work;

namespace SshBot.Chat.Tests.Work;

/// <summary>The real server stopped while it diagnoses, and started again on the same store.</summary>
public sealed class RestartTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static bool IsVerdict(SlackCall c) => c.Method == "chat.update" && c.Text.Contains("Nothing listens", StringComparison.Ordinal);

    [Fact]
    public async Task AStopPastTheDrainTimeoutLeavesTheRequestQueuedAndTheNextStartFinishesItInTheSameMessage()
    {
        var held = ScriptedRunner.Refused(hold: true);
        await using var first = await BotServer.StartAsync(held, new Dictionary<string, string?> { ["Work:DrainTimeout"] = "00:00:00.2" });
        Assert.Equal(HttpStatusCode.OK, (await first.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvStop", "can't ssh to web-01"))).StatusCode);
        await first.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        const string AckTs = "1800000000.000001"; // what the fake Slack answered the first post with
        await held.Started.Task;

        await first.App.StopAsync(Ct);
        var counts = await ((IWorkInbox)first.Store).CountAsync(Ct);

        await using var second = await BotServer.StartAsync(dataDirectory: first.Directory);
        var resumed = await second.Slack.WaitForAsync(c => c.Method == "chat.update" && c.Text.Contains("interrupted by a restart, running again", StringComparison.Ordinal));
        var verdict = await second.Slack.WaitForAsync(IsVerdict);
        await second.WaitFinishedAsync("slack:EvStop");

        Assert.Equal(new WorkCounts(Queued: 1, Running: 0), counts);
        Assert.Equal(AckTs, resumed.Str("ts"));
        Assert.Equal(AckTs, verdict.Str("ts"));
        Assert.DoesNotContain(second.Slack.Drain(), c => c.Method == "chat.postMessage");
        var incident = Assert.Single(await second.Store.ListIncidentsAsync(new IncidentQuery("web-01"), Ct));
        var detail = (await second.Store.GetIncidentAsync(incident.Id, Ct))!;
        Assert.Equal(DiagnosisStatuses.Completed, Assert.Single(detail.Diagnoses).Status);
        Assert.Equal([IncidentEventKinds.Interrupted, IncidentEventKinds.Delivered], detail.Events.Select(e => e.Kind));
        Assert.Equal(new WorkCounts(0, 0), await ((IWorkInbox)second.Store).CountAsync(Ct));
    }

    [Fact]
    public async Task RunsAStopCutShortDoNotCountAgainstMaxAttemptsButACrashDoes()
    {
        var settings = new Dictionary<string, string?> { ["Work:DrainTimeout"] = "00:00:00.1", ["Work:MaxAttempts"] = "1" };
        var held = ScriptedRunner.Refused(hold: true);
        await using var first = await BotServer.StartAsync(held, settings);
        await first.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvStops", "can't ssh to web-01"));
        await held.Started.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await first.App.StopAsync(Ct);

        // Stopped once more while it runs again: still not one failed run.
        var heldAgain = ScriptedRunner.Refused(hold: true);
        await using (var second = await BotServer.StartAsync(heldAgain, settings, dataDirectory: first.Directory))
        {
            await heldAgain.Started.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
            await second.App.StopAsync(Ct);
        }

        await using var third = await BotServer.StartAsync(extra: settings, dataDirectory: first.Directory);
        var verdict = await third.Slack.WaitForAsync(IsVerdict);
        await third.WaitFinishedAsync("slack:EvStops");

        // A claim whose holder died counts: with Work:MaxAttempts 1 the next run gives up.
        var inbox = (IWorkInbox)third.Store;
        var work = SshBot.Chat.Work.ChatWork.From(new SshBot.Chat.Conversation.InboundMessage(
            new SshBot.Chat.Conversation.ChatUser("slack", "T1", "U_BOB"), new SshBot.Chat.Conversation.ChatThread("C2", "1700000000.000200"), "<@U0BOT> can't ssh to web-02", "EvCrash"));
        await inbox.EnqueueAsync(new NewWork(work.Key, "slack", work.User.Key, work.Kind, work.Serialize()), new WorkLimits(10, 10), Ct);
        await inbox.ClaimAsync($"{Environment.MachineName}/{DeadPid()}/0123456789abcdef", TimeSpan.FromHours(1), Ct);
        await using var fourth = await BotServer.StartAsync(extra: settings, dataDirectory: first.Directory);
        var gaveUp = await fourth.Slack.WaitForAsync(c => c.Str("channel") == "C2" && c.Text.Contains("given up", StringComparison.Ordinal));

        Assert.Equal("C1", verdict.Str("channel"));
        Assert.Contains("after 1 attempts", gaveUp.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStopWithinTheDrainTimeoutLetsTheRunningDiagnosisFinishAndAnswer()
    {
        var held = ScriptedRunner.Refused(hold: true);
        await using var bot = await BotServer.StartAsync(held, new Dictionary<string, string?> { ["Work:DrainTimeout"] = "00:00:20" });
        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvDrain", "can't ssh to web-01"));
        await held.Started.Task;

        var stopping = bot.App.StopAsync(Ct);
        await Task.Yield();
        var stoppedEarly = stopping.IsCompleted;
        held.Release();
        await stopping;

        Assert.False(stoppedEarly);
        Assert.Contains(bot.Slack.Drain(), IsVerdict);
        Assert.Equal(new WorkCounts(0, 0), await ((IWorkInbox)bot.Store).CountAsync(Ct));
    }

    [Fact]
    public async Task ARequestLeftRunningByADeadProcessOnThisHostIsTakenBackAtStart()
    {
        await using var first = await BotServer.StartAsync();
        await first.App.StopAsync(Ct);
        var inbox = (IWorkInbox)first.Store;
        var work = SshBot.Chat.Work.ChatWork.From(new SshBot.Chat.Conversation.InboundMessage(
            new SshBot.Chat.Conversation.ChatUser("slack", "T1", "U_ALICE"), new SshBot.Chat.Conversation.ChatThread("C1", "1700000000.000100"), "<@U0BOT> can't ssh to web-01", "EvDead"));
        await inbox.EnqueueAsync(new NewWork(work.Key, "slack", work.User.Key, work.Kind, work.Serialize()), new WorkLimits(10, 10), Ct);
        var deadPid = DeadPid();
        var claimed = await inbox.ClaimAsync($"{Environment.MachineName}/{deadPid}/0123456789abcdef", TimeSpan.FromHours(1), Ct);

        await using var second = await BotServer.StartAsync(dataDirectory: first.Directory);
        var verdict = await second.Slack.WaitForAsync(IsVerdict);

        Assert.NotNull(claimed);
        Assert.Equal("C1", verdict.Str("channel"));
    }

    /// <summary>A process id that no process has: a child that has exited and been reaped.</summary>
    private static int DeadPid()
    {
        using var child = System.Diagnostics.Process.Start("true")!;
        child.WaitForExit();
        return child.Id;
    }
}
