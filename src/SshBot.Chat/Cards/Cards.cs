using System.Globalization;
using SshBot.Chat.Conversation;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Targets;
using SshBot.Incidents;
using SshBot.KnowledgeBase.Articles;
using SshBot.KnowledgeBase.Matching;

namespace SshBot.Chat.Cards;

/// <summary>The messages of a conversation, built once here so every channel says the same thing.</summary>
public static class Cards
{
    public static ChatCard Acknowledge(Target target, bool joined) =>
        ChatCard.Text(joined ? $"Already looking at {target}… I'll update this message too." : $"Looking at {target}…") with { Public = true };

    /// <summary>What an interrupted diagnosis's reply says while it runs again.</summary>
    public static ChatCard Resumed(Target target) =>
        ChatCard.Text($"Looking at {target}… (interrupted by a restart, running again)") with { Public = true };

    public static ChatCard Progress(Target target, IReadOnlyList<StageReport> stages)
    {
        var lines = stages.Select(s => $"{Mark(s.Status)} {s.Name}: {s.Detail} ({s.Ms} ms)").ToArray();
        return new ChatCard($"Looking at {target}… {stages.Count} stage(s) done", [new CardText($"Looking at {target}…"), new CardList("Stages", lines)], []);
    }

    /// <summary>The final card: verdict, evidence, fix and why, runner-ups, unknowns, history, buttons.</summary>
    public static ChatCard Verdict(Target target, MatchResult match, string history, long incidentId, string? checkedFrom = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        var blocks = new List<CardBlock>();
        var value = $"{incidentId.ToString(CultureInfo.InvariantCulture)}|{target}";
        if (match.Verdict is not { } verdict)
        {
            blocks.Add(new CardHeading($"{target}: no article matches what I saw"));
            blocks.Add(new CardText(history));
            AddVersion(blocks, match);
            return new ChatCard($"{target}: no known cause matched", blocks, Buttons(value));
        }

        blocks.Add(new CardHeading($"{target}: {verdict.Title}"));
        blocks.Add(new CardText($"Most likely cause: {verdict.Id} (score {verdict.Score.ToString("0.00", CultureInfo.InvariantCulture)}{(verdict.FullyMet ? "" : ", not every condition could be checked")})"));
        if (checkedFrom is not null)
        {
            blocks.Add(new CardText(checkedFrom));
        }

        if (verdict.Evidence.Count > 0)
        {
            blocks.Add(new CardList("Evidence", verdict.Evidence.Select(EvidenceSource.Marked).ToArray()));
        }

        AddSection(blocks, verdict.Article, SectionNames.Fix, "Fix");
        AddSection(blocks, verdict.Article, SectionNames.WhyItWorks, "Why it works");
        var others = match.Findings.Skip(1).Take(3).Select(f => $"{f.Title} ({f.Id}, {f.Score.ToString("0.00", CultureInfo.InvariantCulture)})").ToArray();
        if (others.Length > 0)
        {
            blocks.Add(new CardList("Other possible causes", others));
        }

        var missing = match.Findings.Take(3).SelectMany(f => f.Missing).Distinct(StringComparer.Ordinal).Take(5).ToArray();
        if (missing.Length > 0)
        {
            blocks.Add(new CardList("Could not check", missing));
        }

        blocks.Add(new CardText(history));
        AddVersion(blocks, match);
        return new ChatCard($"{target}: {verdict.Title}", blocks, Buttons(value));
    }

    public static ChatCard Refused(string rawTarget, string adminHint) =>
        ChatCard.Text($"I can't probe {rawTarget} from chat: it is not among the targets this bot is allowed to check. {adminHint}");

    public const string AllowHint = "An admin can allow it by adding its address range or domain to Targets:Allow (for example Targets__Allow__0=10.0.0.0/8).";

    public static string History(IReadOnlyList<IncidentSummary> pastMonth, bool hostIsNew)
    {
        if (hostIsNew || pastMonth.Count == 0)
        {
            return hostIsNew ? "History: first time we see this host." : "History: no other incident for this host this month.";
        }

        var fixedOne = pastMonth.FirstOrDefault(i => i.Fix is not null);
        var last = fixedOne?.Fix is { } fix
            ? $", last fixed by {fix.GivenBy}{(fix.VerdictId is null ? "" : $" ({fix.VerdictId})")}{(fix.FixApplied is null ? "" : $": {fix.FixApplied}")} on {fix.GivenAt:yyyy-MM-dd}"
            : $", last verdict {pastMonth[0].VerdictId ?? "none"} on {pastMonth[0].OpenedAt:yyyy-MM-dd}";
        return $"History: {pastMonth.Count} other incident(s) this month{last}.";
    }

    public static ChatCard Help() => new(
        "SshBot: say which host SSH fails to and I'll look",
        [
            new CardHeading("SshBot"),
            new CardText("Tell me which host SSH fails to and I'll probe it, name the likely cause with the evidence and quote the fix."),
            new CardList("Try", [
                "can't ssh to web-01",
                "ssh to 10.1.2.3 times out",
                "web-01:2222 connection closed by port 22",
                "diagnose deploy@web-01 db-02 (several hosts at once)",
                "history web-01 / recent",
                "kb list / kb show ID",
            ]),
        ],
        []);

    private static CardButton[] Buttons(string value) =>
    [
        new(CardActions.Fixed, "Fixed it", value),
        new(CardActions.NotIt, "Not it", value),
        new(CardActions.RunAgain, "Run again", value),
    ];

    /// <summary>Which knowledge base ranked the causes, so an answer can be traced to the articles it quoted.</summary>
    private static void AddVersion(List<CardBlock> blocks, MatchResult match)
    {
        if (match.KnowledgeBaseVersion is { } version)
        {
            blocks.Add(new CardText($"Knowledge base {version}"));
        }
    }

    private static void AddSection(List<CardBlock> blocks, Article article, string name, string title)
    {
        if (article.Section(name) is { } section)
        {
            blocks.Add(new CardArticleSection(title, section));
        }
    }

    private static string Mark(StageStatus status) => status switch
    {
        StageStatus.Ok => "ok",
        StageStatus.Failed => "FAILED",
        StageStatus.Skipped => "skipped",
        StageStatus.Timeout => "TIMEOUT",
        _ => "ERROR",
    };
}
