using SshBot.Chat.Conversation;
using SshBot.Chat.Running;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents;

namespace SshBot.Chat.Tests.Running;

public sealed class PastedLogTests
{
    private const string Log = """
        $ ssh -v deploy@web-01
        OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 3 Sep 2024
        debug1: Connecting to web-01 [10.1.2.3] port 22.
        debug1: connect to address 10.1.2.3 port 22: Connection timed out
        ssh: connect to host web-01 port 22: Connection timed out
        """;

    [Fact]
    public void ThePastedLogGivesItsHostAndTheUsersObservations()
    {
        var log = new ClientLogAnalyzer().Analyze(Log);

        Assert.Equal("web-01", log.Host);
        Assert.Equal("connection-timed-out", log.Observations["client.error"].Text);
        Assert.Equal("OpenSSH_9.2p1", log.Observations["client.version"].Text);
    }

    [Fact]
    public async Task ABarePasteIsExplainedWithAProbeButtonAndNothingIsProbed()
    {
        await using var world = await ChatWorld.CreateAsync();

        await world.SayAsync(Log);

        Assert.Equal(0, world.Runner.Runs);
        var card = Assert.Single(world.Channel.Sent).Card;
        Assert.StartsWith("From your paste: ", card.Summary, StringComparison.Ordinal);
        Assert.Contains("from the text only", card.Summary, StringComparison.Ordinal);
        var probe = Assert.Single(card.Buttons);
        Assert.Equal((CardActions.Probe, "Probe deploy@web-01", "0|deploy@web-01"), (probe.ActionId, probe.Label, probe.Value));
        Assert.Empty(await world.Store.ListIncidentsAsync(new IncidentQuery("web-01")));
    }

    [Fact]
    public async Task PressingProbeDiagnosesTheHostThePasteNamed()
    {
        await using var world = await ChatWorld.CreateAsync();
        await world.SayAsync(Log);
        var probe = world.Channel.Sent.Single().Card.Buttons.Single();

        await world.Conversation.HandleActionAsync(new InboundAction(ChatWorld.Alice, world.Channel.Sent.Single().Thread, probe.ActionId, probe.Value, "EvProbe"), world.Channel, TestContext.Current.CancellationToken);

        Assert.Equal(1, world.Runner.Runs);
        Assert.Single(await world.Store.ListIncidentsAsync(new IncidentQuery("web-01")));
    }

    [Fact]
    public async Task APasteWithARequestIsDiagnosedAtOnceWithTheUsersEvidenceRecorded()
    {
        await using var world = await ChatWorld.CreateAsync();

        await world.SayAsync("can't ssh to web-01, here is my log:\n" + Log);

        Assert.Equal(1, world.Runner.Runs);
        var incident = Assert.Single(await world.Store.ListIncidentsAsync(new IncidentQuery("web-01")));
        var detail = await world.Store.GetIncidentAsync(incident.Id);
        Assert.Contains("connection-timed-out", detail!.Diagnoses[0].ObservationsJson, StringComparison.Ordinal);
    }
}
