using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SshBot.Chat.Cards;
using ChatCards = SshBot.Chat.Cards.Cards;
using SshBot.Chat.Conversation;
using SshBot.Chat.Tests.Support;
using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Targets;
using SshBot.Incidents;
using SshBot.KnowledgeBase.Explaining;
using SshBot.KnowledgeBase.Matching;

namespace SshBot.Chat.Tests.Regressions;

/// <summary>
/// Issue 16 item 2 (SECURITY.md 20): the Teams activity text and the card's fallbackText carried
/// the summary unescaped, so any user could make the bot post a relabelled link in its own voice.
/// Every hostile fragment, in every decoration, goes through every card and every channel
/// renderer; no field may carry anything clickable, a mention, markup or an invisible character
/// that came from it.
/// </summary>
public sealed partial class HostileTextInEveryChannelTests
{
    /// <summary>What users and hosts can say: links in every dialect, script, HTML, mentions, Markdown, control and invisible characters.</summary>
    private static readonly string[] Fragments =
    [
        "[Re-auth](https://evil.example/login)", "[x](javascript:alert(1))", "![img](https://evil.example/x.png)",
        "[x](https://evil.example \"t\")", "[Re-auth][1]\n\n[1]: https://evil.example/login", "\\[x\\](https://evil.example)",
        "<https://evil.example/login|Re-auth>", "<javascript:alert(1)|click>", "<mailto:victim@evil.example|mail>",
        "https://evil.example/login", "HTTPS://EVIL.EXAMPLE", "www.evil.example", "evil.example", "victim@evil.example", "mailto:victim@evil.example",
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\u200Bscript:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>x</b>",
        "vbscript:msgbox", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"https://evil.example\">Re-auth</a>", "<at>admin</at>",
        "<!channel>", "<!here>", "<!everyone>", "<@U0ADMIN>", "<#C0GENERAL>", "<!subteam^S0123>", "@channel", "@here",
        "&lt;!channel&gt;", "&amp;lt;script&amp;gt;",
        "*boom*", "**boom**", "_boom_", "__boom__", "~boom~", "`boom`", "```boom```", "# boom", "## boom", "> boom", "- boom", "1. boom",
        "\u001b[31mboom\u001b[0m", "a\u0000b", "\r\nboom", "\u0007bell", "\u0085next",
        "\u202Eelpmaxe.live\u202C", "evil\u200B.example", "ev\u00ADil.example", "\u2066boom\u2069", "\uFEFFboom", "\u061Cboom", "evil\u3002example",
    ];

    private static readonly Func<string, string>[] Decorations =
    [
        f => f,
        f => "web-01 " + f,
        f => f + " web-01",
        f => "(" + f + ")",
        f => "'" + f + "'.",
        f => f + f,
        f => f.Replace(' ', '\u00A0'),
        f => "x\n" + f + "\ny",
        f => new string('a', 3000) + " " + f,
        f => f + new string('b', 3000),
    ];

    /// <summary>Words only the hostile fragments contain: where one shows outside a code span, it must not be part of a link or markup.</summary>
    private static readonly string[] Words = ["evil", "javascript", "vbscript", "boom", "U0ADMIN", "C0GENERAL", "S0123", "alert(", "!channel", "!here", "!everyone", "@channel", "@here", "victim"];

    public static IEnumerable<string> Inputs() =>
        Fragments.SelectMany(f => Decorations.Select(d => d(f)));

    [Fact]
    public void NothingClickableExecutableOrInvisibleFromHostileTextSurvivesInAnyFieldOfAnyChannel()
    {
        var problems = new List<string>();
        var checkedFields = 0;
        foreach (var input in Inputs())
        {
            foreach (var (cardName, card) in CardsWith(input))
            {
                foreach (var (field, value, dialect) in Fields(card))
                {
                    checkedFields++;
                    if (Problem(value, dialect) is { } problem && problems.Count < 20)
                    {
                        problems.Add($"{cardName} / {field} ({dialect}) for {Show(input)}: {problem}\n    {Show(value)}");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(checkedFields > 100_000, $"only {checkedFields} fields were checked");
    }

    [Theory]
    [InlineData("kb show [x](javascript:alert(1))")]
    [InlineData("history [Re-auth](https://evil.example/login)")]
    [InlineData("kb show <https://evil.example|Re-auth>")]
    public async Task TheIssuesExamplesComeBackAsLiteralTextOverRealHttpInSlackAndTeams(string text)
    {
        await using var teams = await FakeBotFramework.StartAsync();
        await using var bot = await BotServer.StartAsync(extra: teams.Settings);

        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvHostile", text.Replace("\"", "\\\"", StringComparison.Ordinal)));
        var slack = await bot.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(teams.Activity(text), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", teams.Token());
        await bot.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var reply = await teams.WaitForAsync(c => c.Method == "POST");

        Assert.Null(Problem(slack.Text, Dialect.SlackMrkdwn));
        Assert.All(slack.Body["blocks"]!.AsArray().Select(b => b!["text"]?["text"]?.GetValue<string>()).OfType<string>(), t => Assert.Null(Problem(t, Dialect.SlackMrkdwn)));
        Assert.Null(Problem(reply.Body["text"]!.GetValue<string>(), Dialect.TeamsMarkdown));
        Assert.Equal("markdown", reply.Body["textFormat"]!.GetValue<string>());
        var card = reply.Body["attachments"]![0]!["content"]!.AsObject();
        Assert.Null(Problem(card["fallbackText"]!.GetValue<string>(), Dialect.TeamsMarkdown));
        // The input did come back, as text.
        Assert.Matches("evil|javascript", slack.Text);
        Assert.Matches("evil|javascript", reply.Body["text"]!.GetValue<string>());
    }

    private enum Dialect
    {
        SlackMrkdwn,
        SlackPlain,
        TeamsMarkdown,
        TeamsPlain,
        Terminal,
    }

    private static IEnumerable<(string Name, ChatCard Card)> CardsWith(string s)
    {
        var kb = RealKb.Load();
        var article = kb.Articles["sshd-not-listening"];
        var target = new Target(s, 22, s, null);
        var address = new Target("10.1.2.3", 2222, "deploy", IPAddress.Parse("10.1.2.3"));
        var when = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var incident = new IncidentSummary(7, s, 22, s, when, when, s, null, s, new FixRecord(s, s, s, s, when));
        var history = ChatCards.History([incident], hostIsNew: false);
        var match = new MatchResult([
            new Finding(article.Id, s, 0.9, false, [s, "tcp.status == refused"], [s], article),
            new Finding("firewall-reject", s, 0.5, true, [s], [], kb.Articles["firewall-reject"]),
        ]);
        var log = new ObservationSet();
        log.Set("client.host", s);
        log.Set("client.user", s);
        log.Set("client.error", "connection-refused");
        var explained = new TextExplanation(
            new ClientLogResult(log, new Dictionary<string, IReadOnlyList<string>>(), [s]),
            [new ExplainedFinding(article.Id, s, 0.5, true, [s], [s, s], [s], article), new ExplainedFinding("firewall-reject", s, 0.4, false, [s], [s], [s], kb.Articles["firewall-reject"])],
            [s],
            [s],
            true);

        yield return ("ChatCard.Text", ChatCard.Text(s));
        yield return ("every block and a button", new ChatCard(s, [new CardHeading(s), new CardText(s), new CardList(s, [s, s])], [new CardButton(CardActions.Probe, s, "0|" + s)]));
        yield return ("Acknowledge", ChatCards.Acknowledge(target, joined: false));
        yield return ("Acknowledge joined", ChatCards.Acknowledge(target, joined: true));
        yield return ("Progress", ChatCards.Progress(target, [new StageReport("identify", StageStatus.Failed, 3, s), new StageReport(s, StageStatus.Ok, 1, s)]));
        yield return ("Verdict", ChatCards.Verdict(target, match, history, 7));
        yield return ("Verdict of an address", ChatCards.Verdict(address, match, s, 7));
        yield return ("Verdict with no match", ChatCards.Verdict(target, new MatchResult([]), s, 7));
        yield return ("Refused", ChatCards.Refused(s, ChatCards.AllowHint));
        yield return ("History", ChatCard.Text(history));
        yield return ("Help", ChatCards.Help());
        yield return ("KnowledgeCards.Show unknown", KnowledgeCards.Show(kb, s));
        yield return ("KnowledgeCards.List", KnowledgeCards.List(kb));
        yield return ("ExplanationCards", ExplanationCards.From(explained));
    }

    private static IEnumerable<(string Field, string Value, Dialect Dialect)> Fields(ChatCard card)
    {
        var (text, blocks) = SlackCardRenderer.Render(card);
        yield return ("slack text", text, Dialect.SlackMrkdwn);
        foreach (var block in blocks)
        {
            if (block!["text"]?["text"]?.GetValue<string>() is { } mrkdwn)
            {
                yield return ("slack section", mrkdwn, Dialect.SlackMrkdwn);
            }

            foreach (var element in block["elements"]?.AsArray() ?? [])
            {
                yield return ("slack button label", element!["text"]!["text"]!.GetValue<string>(), Dialect.SlackPlain);
                yield return ("slack button value", element["value"]!.GetValue<string>(), Dialect.SlackPlain);
            }
        }

        var activity = TeamsCardRenderer.Activity(card);
        yield return ("teams activity text", activity["text"]!.GetValue<string>(), Dialect.TeamsMarkdown);
        var adaptive = activity["attachments"]![0]!["content"]!;
        yield return ("teams fallbackText", adaptive["fallbackText"]!.GetValue<string>(), Dialect.TeamsMarkdown);
        foreach (var element in adaptive["body"]!.AsArray())
        {
            switch (element!["type"]!.GetValue<string>())
            {
                case "TextBlock":
                    yield return ("teams TextBlock", element["text"]!.GetValue<string>(), Dialect.TeamsMarkdown);
                    break;
                case "RichTextBlock":
                    foreach (var run in element["inlines"]!.AsArray())
                    {
                        Assert.Equal("TextRun", run!["type"]!.GetValue<string>());
                        Assert.Null(run["selectAction"]);
                        yield return ("teams TextRun", run["text"]!.GetValue<string>(), Dialect.TeamsPlain);
                    }

                    break;
                default:
                    Assert.Fail($"unexpected card element {element.ToJsonString()}");
                    break;
            }
        }

        foreach (var action in adaptive["actions"]!.AsArray())
        {
            Assert.Equal("Action.Submit", action!["type"]!.GetValue<string>());
            yield return ("teams button title", action["title"]!.GetValue<string>(), Dialect.TeamsPlain);
            yield return ("teams button value", action["data"]!["value"]!.GetValue<string>(), Dialect.TeamsPlain);
        }

        yield return ("terminal", PlainTextCardRenderer.Render(card), Dialect.Terminal);
    }

    /// <summary>Null when the field is safe; otherwise what is wrong with it.</summary>
    private static string? Problem(string value, Dialect dialect)
    {
        if (value.FirstOrDefault(c => (char.IsControl(c) && c != '\n') || SafeText.IsInvisible(c) || c == '\u3002') is var bad and not '\0')
        {
            return $"carries U+{(int)bad:X4}";
        }

        if (dialect is Dialect.SlackPlain or Dialect.TeamsPlain or Dialect.Terminal)
        {
            // Never read as markup (button labels, TextRuns, the terminal): only invisible characters matter.
            return dialect == Dialect.SlackPlain && value.Length > 2000 ? "longer than Slack allows" : null;
        }

        // Outside code spans, nothing may be a link, a mention, markup or a bare URL/domain from the input.
        // The renderer's own bold around a heading or a list title ("*Title*") is not from the input.
        var outside = OwnBold().Replace(CodeSpan().Replace(value, " "), " ");
        if (dialect == Dialect.SlackMrkdwn)
        {
            foreach (Match control in SlackControl().Matches(outside))
            {
                if (!KbLink().IsMatch(control.Value) || Words.Any(w => control.Value.Contains(w, StringComparison.OrdinalIgnoreCase)))
                {
                    return $"a Slack control sequence {control.Value}";
                }
            }
        }
        else
        {
            if (MarkdownLink().Match(outside) is { Success: true } link && Words.Any(w => link.Value.Contains(w, StringComparison.OrdinalIgnoreCase)))
            {
                return $"a Markdown link {link.Value}";
            }

            if (Unescaped().Match(outside) is { Success: true } markup && Words.Any(w => outside.Contains(w, StringComparison.OrdinalIgnoreCase)))
            {
                return $"unescaped Markdown '{markup.Value}'";
            }
        }

        foreach (var token in outside.Split((char[])[' ', '\n', '\u00A0'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (Words.Any(w => token.Contains(w, StringComparison.OrdinalIgnoreCase)) && LinkLike().IsMatch(token))
            {
                return $"'{token}' outside a code span";
            }
        }

        if (Emphasis().Match(outside) is { Success: true } emphasis)
        {
            return $"formatting from the input: {emphasis.Value}";
        }

        return null;
    }

    private static string Show(string text) =>
        string.Concat(text.Take(160).Select(c => c < ' ' || c > '~' ? $"\\u{(int)c:X4}" : c.ToString(CultureInfo.InvariantCulture))) + (text.Length > 160 ? "..." : "");

    [GeneratedRegex("`[^`\n]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"(?m)^\*\*?|\*?\*$")]
    private static partial Regex OwnBold();

    [GeneratedRegex("<[^<>]*>")]
    private static partial Regex SlackControl();

    [GeneratedRegex(@"^<https?://[^|<>]+\|[^<>]*>$")]
    private static partial Regex KbLink();

    [GeneratedRegex(@"(?<!\\)\[[^\]]*(?<!\\)\]\s*[\(\[]")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"(?<!\\)[<>]|(?<![\\\w])[*_](?=\S)|(?m)^\s*#")]
    private static partial Regex Unescaped();

    [GeneratedRegex(@"(?i)([a-z]+:.|www\.|\.example|@|<|>|\[|\]|\||\*|_|~|#)")]
    private static partial Regex LinkLike();

    [GeneratedRegex(@"(?<![\\\w])(\*\*?boom\*\*?|__?boom__?|~boom~)")]
    private static partial Regex Emphasis();
}
