using System.Text.Json;
using System.Net;
using System.Text.Json.Nodes;
using SshBot.Chat.Cards;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents;
using SshBot.KnowledgeBase;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>
/// `sshbot serve` end to end: a signed Slack event (or one over Socket Mode) or a Teams activity about a lab host, the real
/// engine probing the real sshd (or its absence), the card in the right thread, the incident.
/// </summary>
[Collection(LabHosts.Name)]
public sealed class ChatHttpLabTests(LabFixture lab)
{
    private static readonly Lazy<SshBot.KnowledgeBase.KnowledgeBase> Kb = new(() =>
        KnowledgeBaseLoader.Load(Path.Combine(Repository.Root, "kb")).KnowledgeBase ?? throw new InvalidOperationException("kb/ does not lint clean"));

    private static bool IsVerdict(SlackCall c) => c.Method == "chat.update" && c.HasButtons;

    [Theory]
    [InlineData("healthy", "healthy")]
    [InlineData("stopped", "sshd-not-listening")]
    public async Task ASlackMentionOfALabHostEndsWithTheVerdictCardInItsThreadAndAnIncident(string host, string verdict)
    {
        var address = lab[host];
        await using var bot = await ChatLabHost.StartAsync(address);

        var response = await bot.MentionAsync("EvLab-" + host, $"can't ssh to {address}", "1700000000.000100");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var final = await bot.Slack.WaitForAsync(IsVerdict);
        var incident = Assert.Single(await bot.Store.ListIncidentsAsync(new IncidentQuery(address), TestContext.Current.CancellationToken));
        var detail = (await bot.Store.GetIncidentAsync(incident.Id, TestContext.Current.CancellationToken))!;
        verdict = Expected(verdict, detail);
        var calls = bot.Slack.Drain();
        var ack = calls[0];
        Assert.Equal(("chat.postMessage", "C1", "1700000000.000100", SlackCardRenderer.Text($"Looking at {address}…")), (ack.Method, ack.Str("channel"), ack.Str("thread_ts"), ack.Text));
        var updates = calls.Skip(1).TakeWhile(c => c != final).ToList();
        Assert.All(updates.Append(final), c => Assert.Equal(("chat.update", "C1", "1800000000.000001"), (c.Method, c.Str("channel"), c.Str("ts"))));
        Assert.All(updates, c => Assert.Contains("stage(s) done", c.Text, StringComparison.Ordinal));
        // Progress of one message at most once a second (chat.update is a Tier 3 method); the verdict is not held back.
        Assert.All(updates.Zip(updates.Skip(1)), p => Assert.True(p.Second.At - p.First.At >= TimeSpan.FromMilliseconds(900), $"updates {(p.Second.At - p.First.At).TotalMilliseconds} ms apart"));
        Assert.Equal(SlackCardRenderer.Text($"{address}: {Kb.Value.Articles[verdict].Title}"), final.Text);
        Assert.Equal(verdict, incident.VerdictId);
        Assert.Equal("slack:EvLab-" + host, Assert.Single(detail.Requests).IdempotencyKey);
        var reply = Assert.Single(detail.Replies);
        Assert.Equal(("C1", "1700000000.000100", "1800000000.000001"), (reply.Channel, reply.Thread, reply.MessageId));
    }

    [Theory]
    [InlineData("healthy", "healthy")]
    [InlineData("stopped", "sshd-not-listening")]
    public async Task ATeamsMessageAboutALabHostEndsWithTheAdaptiveCardInItsConversationAndAnIncident(string host, string verdict)
    {
        var address = lab[host];
        await using var bot = await ChatLabHost.StartAsync(address);

        var response = await bot.TeamsMessageAsync("act-" + host, $"<at>SshBot</at> can't ssh to {address}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var final = await bot.Teams.WaitForAsync(c => c.Method == "PUT" && c.Body["text"]?.GetValue<string>().StartsWith(TeamsCardRenderer.Text($"{address}: "), StringComparison.Ordinal) == true);
        var incident = Assert.Single(await bot.Store.ListIncidentsAsync(new IncidentQuery(address), TestContext.Current.CancellationToken));
        var detail = (await bot.Store.GetIncidentAsync(incident.Id, TestContext.Current.CancellationToken))!;
        verdict = Expected(verdict, detail);
        var ack = bot.Teams.Seen[0];
        Assert.Equal(("POST", $"/v3/conversations/19:conv/activities/act-{host}", "Bearer connector-token"), (ack.Method, ack.Path, ack.Authorization));
        Assert.Equal(TeamsCardRenderer.Text($"Looking at {address}…"), ack.Body["text"]!.GetValue<string>());
        Assert.Equal("/v3/conversations/19:conv/activities/reply-1", final.Path);
        Assert.Equal(TeamsCardRenderer.Text($"{address}: {Kb.Value.Articles[verdict].Title}"), final.Body["text"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", final.Body["attachments"]![0]!["content"]!["type"]!.GetValue<string>());
        Assert.Equal(verdict, incident.VerdictId);
        var reply = Assert.Single(detail.Replies);
        Assert.Equal(("19:conv", "reply-1"), (reply.Channel, reply.MessageId));
    }

    /// <summary>
    /// The verdict the lab host deserves. The healthy host answers SSH, but on a loaded machine
    /// the path stage may measure loss or jitter on the lab bridge itself; then the packet-loss
    /// article is the right answer to what was observed, and the test says so instead of flaking.
    /// </summary>
    private static string Expected(string verdict, IncidentDetail detail)
    {
        var observed = JsonNode.Parse(Assert.Single(detail.Diagnoses).ObservationsJson!)!.AsObject();
        if (verdict != "healthy")
        {
            return verdict;
        }

        Assert.Equal(("connected", "received"), (observed["tcp.status"]?.ToString(), observed["ssh.kex.status"]?.ToString()));
        var loss = observed["path.loss_pct"]!.GetValue<double>();
        var jitter = observed["path.jitter_ms"]?.GetValue<double>() ?? 0;
        return loss is > 1 and < 100 || jitter > 100 ? "network-packet-loss" : verdict;
    }

    [Fact]
    public async Task AMentionOverSocketModeIsAcknowledgedAndDiagnosedLikeAWebhook()
    {
        var address = lab["stopped"];
        await using var bot = await ChatLabHost.StartAsync(address, socketMode: true);
        var socket = await bot.Slack.SocketMode.ConnectionAsync(1);
        await socket.SendAsync(new JsonObject { ["type"] = "hello", ["num_connections"] = 1 });

        var ack = await socket.SendEnvelopeAsync("events_api", JsonNode.Parse(ChatLabHost.Mention("EvLab-socket", $"can't ssh to {address}", "1700000000.000300"))!, "env-lab-1");

        Assert.Equal("env-lab-1", ack["envelope_id"]!.GetValue<string>());
        var final = await bot.Slack.WaitForAsync(IsVerdict);
        Assert.Equal(("C1", SlackCardRenderer.Text($"{address}: {Kb.Value.Articles["sshd-not-listening"].Title}")), (final.Str("channel"), final.Text));
        Assert.Equal("1700000000.000300", bot.Slack.Seen[0].Str("thread_ts"));
        var incident = Assert.Single(await bot.Store.ListIncidentsAsync(new IncidentQuery(address), TestContext.Current.CancellationToken));
        Assert.Equal("sshd-not-listening", incident.VerdictId);
    }

    [Fact]
    public async Task ALabHostOutsideTheAllowedSubnetIsRefusedWithoutAProbeOrAnIncidentAndIsAudited()
    {
        await using var bot = await ChatLabHost.StartAsync("198.51.100.1");

        await bot.MentionAsync("EvLab-refused", $"can't ssh to {lab["healthy"]}", "1700000000.000200");

        var reply = await bot.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        Assert.Contains("Targets:Allow", reply.Text, StringComparison.Ordinal);
        // A refused request writes the audit line and nothing else: no incident rows without bound.
        Assert.Empty(await bot.Store.ListIncidentsAsync(new IncidentQuery(lab["healthy"]), TestContext.Current.CancellationToken));
        using var line = JsonDocument.Parse(Assert.Single(await File.ReadAllLinesAsync(Path.Combine(bot.Directory, "audit.jsonl"), TestContext.Current.CancellationToken)));
        Assert.Equal(lab["healthy"], line.RootElement.GetProperty("rawTarget").GetString());
        Assert.Equal([lab["healthy"]], line.RootElement.GetProperty("resolvedAddresses").EnumerateArray().Select(a => a.GetString()));
        Assert.False(line.RootElement.GetProperty("allowed").GetBoolean());
    }
}
