using SshBot.Chat.Cards;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents;

namespace SshBot.Chat.Tests.Conversation;

/// <summary>The verdict names the knowledge base it came from, on the card and in the incident record.</summary>
public sealed class KnowledgeBaseVersionTests
{
    [Fact]
    public async Task TheVerdictCardAndTheIncidentNameTheKnowledgeBaseVersionUsed()
    {
        await using var world = await ChatWorld.CreateAsync();
        var version = RealKb.Load().Version.ToString();

        await world.SayAsync("can't ssh to web-01");

        var final = PlainTextCardRenderer.Render(world.Channel.Sent.Last().Card);
        Assert.Contains($"Knowledge base {version}", final, StringComparison.Ordinal);
        var incident = Assert.Single(await world.Store.ListIncidentsAsync(new IncidentQuery("web-01"), TestContext.Current.CancellationToken));
        var detail = await world.Store.GetIncidentAsync(incident.Id, TestContext.Current.CancellationToken);
        Assert.Equal(version, Assert.Single(detail!.Diagnoses).KnowledgeBaseVersion);
    }
}
