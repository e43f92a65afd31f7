using System.Net;
using SshBot.Chat.Conversation;
using SshBot.Chat.Running;
using SshBot.Chat.Tests.Support;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Targets;
using SshBot.Incidents;

namespace SshBot.Chat.Tests.Work;

/// <summary>What one user or one team can take from the others: probes, records, history.</summary>
public sealed class FairnessTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task RefusedAndRateLimitedRequestsWriteOnlyTheirAuditLineAndNoIncident()
    {
        await using var world = await ChatWorld.CreateAsync(perUser: 1);

        await world.SayAsync("can't ssh to web-01", "Ev1");
        await world.SayAsync("can't ssh to web-02", "Ev2");
        await world.SayAsync("can't ssh to db-01", "Ev3", new("slack", "T1", "U_BOB"));

        var incidents = await world.Store.ListIncidentsAsync(new IncidentQuery(), Ct);
        Assert.Equal(["web-01"], incidents.Select(i => i.Host));
        Assert.Equal(3, File.ReadAllLines(world.AuditFile).Length);
    }

    [Fact]
    public async Task HistoryAndRecentAnswerOnlyWithTheAskersOwnTeamsIncidents()
    {
        await using var world = await ChatWorld.CreateAsync();
        var otherTeam = new ChatUser("slack", "T2", "U_CAROL");
        await world.SayAsync("can't ssh to web-01", "Ev1");
        await world.SayAsync("can't ssh to web-02", "Ev2", otherTeam);
        world.Channel.Sent.Clear();

        await world.SayAsync("recent", "Ev3");
        await world.SayAsync("history web-02", "Ev4");
        await world.SayAsync("recent", "Ev5", otherTeam);

        var answers = world.Channel.Sent.Select(s => PlainText(s.Card)).ToArray();
        Assert.Contains("web-01", answers[0], StringComparison.Ordinal);
        Assert.DoesNotContain("web-02", answers[0], StringComparison.Ordinal);
        Assert.Contains("No incidents for web-02", answers[1], StringComparison.Ordinal);
        Assert.Contains("web-02", answers[2], StringComparison.Ordinal);
        Assert.DoesNotContain("web-01", answers[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistoryScopedToAllAnswersWithEveryTeamsIncidents()
    {
        await using var world = await ChatWorld.CreateAsync(historyScope: HistoryScope.All);
        await world.SayAsync("can't ssh to web-02", "Ev1", new ChatUser("slack", "T2", "U_CAROL"));
        world.Channel.Sent.Clear();

        await world.SayAsync("recent", "Ev2");

        Assert.Contains("web-02", PlainText(Assert.Single(world.Channel.Sent).Card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoMoreHostsAreProbedAtOnceThanTheCapWhateverEachMessageNames()
    {
        var runner = new CountingRunner();
        await using var world = await ChatWorld.CreateAsync(otherRunner: runner, maxConcurrentDiagnoses: 2, perUser: 100);

        await Task.WhenAll(
            world.SayAsync("diagnose web-01 web-02 web-03 web-04 web-05", "Ev1"),
            world.SayAsync("diagnose web-06 web-07 web-08 web-09 web-10", "Ev2", new("slack", "T1", "U_BOB")));

        Assert.Equal(10, runner.Runs);
        Assert.Equal(2, runner.MostAtOnce);
    }

    private static string PlainText(SshBot.Chat.Cards.ChatCard card) => SshBot.Chat.Cards.PlainTextCardRenderer.Render(card);

    /// <summary>A diagnosis that takes a moment and counts how many run at once.</summary>
    private sealed class CountingRunner : IDiagnosisRunner
    {
        private int _now;
        private int _most;
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public int MostAtOnce => Volatile.Read(ref _most);

        public async Task<Diagnosis> RunAsync(Target target, RequestOrigin origin, DiagnosisJob job, IProgress<StageReport> progress, CancellationToken ct)
        {
            Interlocked.Increment(ref _runs);
            var now = Interlocked.Increment(ref _now);
            int most;
            while (now > (most = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, most) != most)
            {
            }

            await Task.Delay(50, ct);
            Interlocked.Decrement(ref _now);
            var observations = new Dictionary<string, ObservationValue> { ["tcp.status"] = ObservationValue.Of("refused") };
            return new Diagnosis(target, PolicyDecision.Allow("allowlisted"), [IPAddress.Parse("10.1.2.3").ToString()], observations, [], 50);
        }
    }
}
