using System.Text.Json;
using SshBot.Chat.Cards;
using SshBot.Chat.Conversation;
using SshBot.Chat.Protection;
using SshBot.Chat.Tests.Support;
using NSubstitute;
using SshBot.Incidents;

namespace SshBot.Chat.Tests.Conversation;

public sealed class ConversationTests
{
    [Fact]
    public async Task ADiagnosisIsAcknowledgedUpdatedInPlaceAndEndsWithTheVerdictCard()
    {
        await using var world = await ChatWorld.CreateAsync();

        await world.SayAsync("can't ssh to web-01");

        var sent = world.Channel.Sent.ToArray();
        Assert.Equal("post", sent[0].Kind);
        Assert.Equal("Looking at web-01…", sent[0].Card.Summary);
        Assert.All(sent.Skip(1), s => Assert.Equal(("update", sent[0].MessageId), (s.Kind, s.MessageId)));
        Assert.All(sent, s => Assert.Equal("1700000000.000100", s.Thread.ThreadId));
        var final = PlainTextCardRenderer.Render(sent[^1].Card);
        Assert.Contains("Nothing listens on the SSH port", final, StringComparison.Ordinal);
        Assert.Contains("Evidence", final, StringComparison.Ordinal);
        Assert.Contains("Fix:", final, StringComparison.Ordinal);
        Assert.Contains("Why it works:", final, StringComparison.Ordinal);
        Assert.Contains("first time we see this host", final, StringComparison.Ordinal);
        Assert.Equal([CardActions.Fixed, CardActions.NotIt, CardActions.RunAgain], sent[^1].Card.Buttons.Select(b => b.ActionId));

        var incident = Assert.Single(await world.Store.ListIncidentsAsync(new IncidentQuery("web-01")));
        Assert.Equal("sshd-not-listening", incident.VerdictId);
        var detail = await world.Store.GetIncidentAsync(incident.Id);
        Assert.Equal(sent[0].MessageId, Assert.Single(detail!.Replies).MessageId);
        Assert.Equal(["resolve", "connect"], detail.Diagnoses[0].Stages.Select(s => s.Name));
    }

    [Fact]
    public async Task TheSameEventDeliveredThreeTimesIsDiagnosedOnce()
    {
        await using var world = await ChatWorld.CreateAsync();

        for (var i = 0; i < 3; i++)
        {
            await world.SayAsync("can't ssh to web-01", eventId: "EvSame");
        }

        Assert.Equal(1, world.Runner.Runs);
        Assert.Single(world.Channel.Sent, s => s.Kind == "post");
        Assert.Single(await world.Store.ListIncidentsAsync(new IncidentQuery("web-01")));
    }

    [Fact]
    public async Task ThePlaceTheAskerConnectsFromAndTheRequestsOwnKeyGoToTheRun()
    {
        await using var world = await ChatWorld.CreateAsync();

        await world.SayAsync("can't ssh to web-01 from the office VPN", eventId: "EvPlace");
        await world.SayAsync("can't ssh to web-02", eventId: "EvHere");

        var jobs = world.Runner.Jobs.ToArray();
        // The key, not a fresh id: a replica taking the request over asks for the same job.
        Assert.Equal("slack:EvPlace", jobs[0].Id);
        Assert.Equal(["office VPN"], jobs[0].Zones);
        Assert.Equal("slack:EvHere", jobs[1].Id);
        Assert.Empty(jobs[1].Zones);
    }

    [Fact]
    public async Task ASecondRequestWhileADiagnosisRunsJoinsItInsteadOfProbingTwice()
    {
        await using var world = await ChatWorld.CreateAsync(ScriptedRunner.Refused(hold: true));

        var first = world.SayAsync("can't ssh to web-01", "Ev1");
        await world.Runner.Started.Task;
        var second = world.SayAsync("web-01 is down for me too", "Ev2", new("slack", "T1", "U_BOB"));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        world.Runner.Release();
        await Task.WhenAll(first, second);

        Assert.Equal(1, world.Runner.Runs);
        Assert.Contains(world.Channel.Sent, s => s.Card.Summary.StartsWith("Already looking at web-01", StringComparison.Ordinal));
        Assert.Equal(2, world.Channel.Sent.Count(s => s.Card.Summary.Contains("Nothing listens", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ATargetOutsideTheAllowlistIsRefusedWithHowToAllowItAndNothingAboutReachability()
    {
        await using var world = await ChatWorld.CreateAsync();

        await world.SayAsync("can't ssh to db-01");

        Assert.Equal(0, world.Runner.Runs);
        var reply = Assert.Single(world.Channel.Sent);
        Assert.Contains("Targets:Allow", reply.Card.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("192.0.2.7", reply.Card.Summary, StringComparison.Ordinal);
        var audit = JsonDocument.Parse(File.ReadAllLines(world.AuditFile).Single()).RootElement;
        Assert.False(audit.GetProperty("allowed").GetBoolean());
        Assert.Equal("192.0.2.7", audit.GetProperty("resolvedAddresses")[0].GetString());
        Assert.Equal("slack:T1:U_ALICE", audit.GetProperty("who").GetString());
    }

    [Fact]
    public async Task LoopbackIsRefusedForChatEvenWhenAsked()
    {
        await using var world = await ChatWorld.CreateAsync();

        await world.SayAsync("ssh to 127.0.0.1 times out");

        Assert.Equal(0, world.Runner.Runs);
        Assert.Contains("can't probe 127.0.0.1", Assert.Single(world.Channel.Sent).Card.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUserOverTheRateLimitIsToldWhenToTryAgainAndOthersAreNot()
    {
        await using var world = await ChatWorld.CreateAsync(perUser: 1);

        await world.SayAsync("can't ssh to web-01", "Ev1");
        await world.SayAsync("can't ssh to web-02", "Ev2");
        await world.SayAsync("can't ssh to web-03", "Ev3", new("slack", "T1", "U_BOB"));

        Assert.Equal(2, world.Runner.Runs);
        Assert.Contains(world.Channel.Sent, s => s.Card.Summary.Contains("try again in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhenTheAuditCannotBeWrittenNothingIsProbed()
    {
        var audit = Substitute.For<IAuditLog>();
        audit.WriteAsync(Arg.Any<AuditRecord>(), Arg.Any<CancellationToken>()).Returns(Task.FromException(new IOException("disk full")));
        await using var world = await ChatWorld.CreateAsync(audit: audit);

        await world.SayAsync("can't ssh to web-01");

        Assert.Equal(0, world.Runner.Runs);
        Assert.Contains("audit log cannot be written", Assert.Single(world.Channel.Sent).Card.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessagesFromBotsAreIgnored()
    {
        await using var world = await ChatWorld.CreateAsync();

        await world.SayAsync("can't ssh to web-01", user: new("slack", "T1", "U_BOT", IsBot: true));

        Assert.Empty(world.Channel.Sent);
    }

    [Fact]
    public async Task FixedItIsRecordedAndTheNextAskerSeesTheHistory()
    {
        await using var world = await ChatWorld.CreateAsync();
        await world.SayAsync("can't ssh to web-01", "Ev1");
        var button = world.Channel.Sent.Last().Card.Buttons.Single(b => b.ActionId == CardActions.Fixed);

        await world.Conversation.HandleActionAsync(new InboundAction(ChatWorld.Alice, new("C1", "1700000000.000100"), button.ActionId, button.Value, "A1"), world.Channel, CancellationToken.None);
        await world.Store.ResolveAsync(long.Parse(button.Value.Split('|')[0], System.Globalization.CultureInfo.InvariantCulture), "test");
        await world.SayAsync("can't ssh to web-01 again", "Ev2");

        Assert.Contains(world.Channel.Sent, s => s.Card.Summary.Contains("as fixed", StringComparison.Ordinal));
        var last = PlainTextCardRenderer.Render(world.Channel.Sent.Last().Card);
        Assert.Contains("1 other incident(s) this month, last fixed by slack:T1:U_ALICE", last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyAdminsMayEditTheKnowledgeBase()
    {
        await using var world = await ChatWorld.CreateAsync(admins: ["U_ADMIN"]);

        await world.SayAsync("kb retire healthy");

        Assert.Contains("Only knowledge-base admins", Assert.Single(world.Channel.Sent).Card.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedDiagnosisSaysSoInTheSameMessage()
    {
        await using var world = await ChatWorld.CreateAsync(otherRunner: new BrokenRunner());

        await world.SayAsync("can't ssh to web-01");

        var sent = world.Channel.Sent.ToArray();
        Assert.Equal(("update", sent[0].MessageId), (sent[^1].Kind, sent[^1].MessageId));
        Assert.Contains("failed unexpectedly", sent[^1].Card.Summary, StringComparison.Ordinal);
    }
}
