using SshBot.KnowledgeBase.Explaining;
using SshBot.KnowledgeBase.Tests.Corpus;
using SshBot.KnowledgeBase.Tests.Support;

namespace SshBot.KnowledgeBase.Tests.Explaining;

/// <summary>
/// A failure the parser reads must lead to at least one article: "no SSH error found" for a log
/// that stopped in key exchange (a stall the knowledge base had no article for) told the user
/// nothing, where the log itself said where it hung.
/// </summary>
public sealed class EveryFailureHasAnAnswerTests
{
    public static TheoryData<string, string> WaitingSteps() => new()
    {
        { "connected", "banner" },
        { "sent-version", "banner" },
        { "sent-kexinit", "kex" },
        { "got-kexinit", "kex" },
        { "expecting-kex-ecdh-reply", "kex" },
        { "expecting-kex-dh-reply", "kex" },
    };

    [Theory]
    [MemberData(nameof(WaitingSteps))]
    public void AVerboseLogThatStopsWaitingForTheServerHasACause(string step, string stage)
    {
        // On SSH's own port, and on a host the text names: what rules out "something else answers".
        var observations = new Obs().Text("client.error", "stalled").Text("client.last_step", step).Text("client.stage", stage)
            .Text("client.host", "web-01").Number("client.port", 22).Text("client.port_service", "ssh").Build();

        Assert.NotEmpty(RealKb.Instance.Match(observations).Findings);
    }

    [Fact]
    public void EveryRealOutputWhoseFailureIsReadHasAnArticle()
    {
        var orphans = CorpusEntry.All.Concat(CorpusEntry.Validation)
            .Select(entry => (entry.Name, Explanation: ClientLogExplainer.Explain(RealKb.Instance, entry.Text)))
            // "other" is the value for a failure nothing classifies (git's bare "Could not read from
            // remote repository"): shown as found, with no article to name.
            .Where(e => e.Explanation.FoundError && e.Explanation.Findings.Count == 0
                && e.Explanation.Log.Observations.GetText("client.error") != "other")
            .Select(e => $"{e.Name}: {e.Explanation.Log.Observations.GetText("client.error")}")
            .ToList();

        Assert.True(orphans.Count == 0, string.Join("; ", orphans));
    }
}
