using SshBot.KnowledgeBase.Tests.Support;
using static SshBot.KnowledgeBase.Tests.Support.TestKb;

namespace SshBot.KnowledgeBase.Tests.Matching;

public sealed class MatcherTests
{
    private static readonly IReadOnlyDictionary<string, Diagnostics.Observations.ObservationValue> Refused =
        new Obs().Text("tcp.status", "refused").Text("tcp.error", "ConnectionRefused").Number("tcp.ms", 0).Build();

    [Fact]
    public void MoreSpecificArticleOutranksALessSpecificOne()
    {
        var kb = From(
            Article("broad", "high", "- tcp.status == refused"),
            Article("narrow", "low", "- tcp.status == refused", "- tcp.error == ConnectionRefused"));

        Assert.Equal(["narrow", "broad"], kb.Match(Refused).Findings.Select(f => f.Id));
    }

    [Fact]
    public void ConfidenceBreaksASpecificityTie()
    {
        var kb = From(
            Article("a-low", "low", "- tcp.status == refused"),
            Article("b-high", "high", "- tcp.status == refused"),
            Article("c-medium", "medium", "- tcp.status == refused"));

        Assert.Equal(["b-high", "c-medium", "a-low"], kb.Match(Refused).Findings.Select(f => f.Id));
    }

    [Fact]
    public void PriorsFromIncidentHistoryBreakOnlyTheLastTie()
    {
        var kb = From(
            Article("a", "medium", "- tcp.status == refused"),
            Article("b", "medium", "- tcp.status == refused"),
            Article("c", "high", "- tcp.status == refused"));
        var priors = new Dictionary<string, double> { ["b"] = 3, ["c"] = 0 };

        Assert.Equal(["c", "b", "a"], kb.Match(Refused, priors).Findings.Select(f => f.Id));
        Assert.Equal(["c", "a", "b"], kb.Match(Refused).Findings.Select(f => f.Id));
    }

    [Fact]
    public void FullyMetOutranksPossibleEvenWhenThePossibleOneIsMoreSpecific()
    {
        var kb = From(
            Article("met", "low", "- tcp.status == refused"),
            Article("possible", "high", "- tcp.status == refused", "- tcp.error == ConnectionRefused", "- host.sshd.listening == true"));

        var findings = kb.Match(Refused).Findings;

        Assert.Equal(["met", "possible"], findings.Select(f => f.Id));
        Assert.True(findings[0].FullyMet);
        Assert.False(findings[1].FullyMet);
        Assert.True(findings[1].Score < findings[0].Score);
    }

    [Fact]
    public void ScoreFitsConfidenceAndPossibleFindingsScoreClearlyLower()
    {
        var kb = From(
            Article("met", "high", "- tcp.status == refused"),
            Article("possible", "high", "- tcp.status == refused", "- host.sshd.listening == true"));

        var findings = kb.Match(Refused).Findings.ToDictionary(f => f.Id);

        Assert.Equal(0.9, findings["met"].Score);
        Assert.Equal(0.225, findings["possible"].Score);
    }

    [Fact]
    public void MissingObservationsAreReportedAsMissingNotAsFalse()
    {
        var kb = From(Article("needs-host", "high", "- tcp.status == refused", "- host.sshd.listening == true"));

        var finding = Assert.Single(kb.Match(Refused).Findings);

        Assert.False(finding.FullyMet);
        Assert.Equal(["tcp.status == refused (observed: refused)"], finding.Evidence);
        Assert.Equal(["host.sshd.listening not observed: log in to the host (or let the bot inspect it) to confirm"], finding.Missing);
    }

    [Fact]
    public void ContradictedArticlesAreNotFindings()
    {
        var kb = From(Article("timeout", "high", "- tcp.status == timeout", "- host.sshd.listening == true"));

        Assert.Empty(kb.Match(Refused).Findings);
        Assert.Null(kb.Match(Refused).Verdict);
    }

    [Fact]
    public void ArticlesWithNothingObservedAreNotListedAsPossible()
    {
        var kb = From(Article("host-only", "high", "- host.sshd.listening == true"));

        Assert.Empty(kb.Match(Refused).Findings);
    }

    [Fact]
    public void HealthyWinsOnlyWhenNothingElseIsFullyMet()
    {
        var kb = From(
            Article("healthy", "medium", "- tcp.status == connected"),
            Article("idle", "medium", "- report.idle_drop == true"),
            Article("possible", "high", "- tcp.status == connected", "- host.sshd.listening == true"));
        var connected = new Obs().Text("tcp.status", "connected");

        Assert.Equal("healthy", kb.Match(connected.Build()).Verdict?.Id);
        var withIdle = kb.Match(connected.Flag("report.idle_drop", true).Build());
        Assert.Equal("idle", withIdle.Verdict?.Id);
        Assert.DoesNotContain(withIdle.Findings, f => f.Id == "healthy");
    }

    [Fact]
    public void FindingsCarryTheirArticle()
    {
        var kb = From(Article("refused", "high", "- tcp.status == refused"));

        var verdict = kb.Match(Refused).Verdict!;

        Assert.Same(kb.Articles["refused"], verdict.Article);
        Assert.Equal("Title of refused", verdict.Title);
    }
}
