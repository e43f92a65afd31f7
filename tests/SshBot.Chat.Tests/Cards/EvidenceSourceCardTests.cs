using SshBot.Chat.Cards;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Targets;

namespace SshBot.Chat.Tests.Cards;

/// <summary>The verdict card says which evidence came from the user's paste and which from the bot's probe.</summary>
public sealed class EvidenceSourceCardTests
{
    [Fact]
    public void EvidenceFromThePasteAndFromTheProbeAreMarkedApartOnTheCard()
    {
        // The bot connects and reads sshd's banner; the user's client is refused: the verdict rests on both views.
        var observations = new Dictionary<string, ObservationValue>
        {
            ["dns.status"] = ObservationValue.Of("literal"),
            ["tcp.status"] = ObservationValue.Of("connected"),
            ["ssh.banner.status"] = ObservationValue.Of("received"),
            ["client.error"] = ObservationValue.Of("connection-refused"),
            ["client.stage"] = ObservationValue.Of("connect"),
        };
        var match = Support.RealKb.Load().Match(observations);

        var card = SshBot.Chat.Cards.Cards.Verdict(TargetParser.Parse("web-01"), match, "History: first time we see this host.", 7);

        var evidence = card.Blocks.OfType<CardList>().Single(l => l.Title == "Evidence").Items;
        Assert.Contains(evidence, e => e.StartsWith("client.error", StringComparison.Ordinal) && e.EndsWith("[from your paste]", StringComparison.Ordinal));
        Assert.Contains(evidence, e => e.StartsWith("tcp.status", StringComparison.Ordinal) && e.EndsWith("[from the bot's probe]", StringComparison.Ordinal));
    }
}
