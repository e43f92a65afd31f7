using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Teams;

/// <summary>
/// Every activity the bot sends to the Bot Connector, in every flow (the answer, its updates, a
/// button's reply, the welcome), is checked against the fields the Bot Framework schema requires.
/// </summary>
public sealed class ActivitySchemaTests
{
    // From botframework-schema's Activity interface (botbuilder-js, libraries/botframework-schema/src/index.ts):
    // the members it declares non-optional, with the kind its assertActivity checks them for.
    // The interface also declares localTimezone, callerId, label, valueType and listenFor
    // non-optional; the activity specification makes them optional (callerId is not to be sent
    // at all, the others are locale and speech hints) and the SDKs leave them out of replies, so
    // they are not required here.
    private static readonly (string Field, JsonValueKind Kind)[] ActivityRequired =
    [
        ("type", JsonValueKind.String),
        ("serviceUrl", JsonValueKind.String),
        ("channelId", JsonValueKind.String),
        ("from", JsonValueKind.Object),
        ("conversation", JsonValueKind.Object),
        ("recipient", JsonValueKind.Object),
        ("text", JsonValueKind.String),
    ];

    // ChannelAccount: id and name are non-optional.
    private static readonly string[] ChannelAccountRequired = ["id", "name"];

    // ConversationAccount: id is non-optional; isGroup, conversationType and name are too in the
    // interface, but a channel sends them only where they apply (a personal chat has no name), so
    // each must come back as the channel sent it, with tenantId.
    private static readonly string[] ConversationEchoed = ["id", "tenantId", "isGroup", "conversationType", "name"];

    [Fact]
    public async Task EveryActivityTheBotSendsCarriesTheFieldsTheActivitySchemaRequires()
    {
        await using var teams = await FakeBotFramework.StartAsync();
        await using var bot = await BotServer.StartAsync(extra: teams.Settings);

        // A diagnosis: the acknowledgement (a reply), its progress updates and the verdict (updates).
        var message = teams.Activity("<at>SshBot</at> can't ssh to web-01");
        await SendOkAsync(bot, message, teams);
        var verdict = await teams.WaitForAsync(c => c.Method == "PUT" && c.Body["text"]?.GetValue<string>().Contains("Nothing listens", StringComparison.Ordinal) == true);

        // A button on the verdict: its answer is a reply in the same thread.
        var fixedIt = verdict.Body["attachments"]![0]!["content"]!["actions"]!.AsArray().First(a => a!["data"]!["action"]!.GetValue<string>() == "sshbot_fixed")!;
        var press = JsonNode.Parse(message)!.AsObject();
        press["id"] = "act-2";
        press["text"] = null;
        press["replyToId"] = "reply-1";
        press["value"] = fixedIt["data"]!.DeepClone();
        await SendOkAsync(bot, press.ToJsonString(), teams);
        await teams.WaitForAsync(c => c.Body["text"]?.GetValue<string>().Contains("as fixed", StringComparison.Ordinal) == true);

        // The welcome when the bot is added to a team.
        var added = teams.Added();
        await SendOkAsync(bot, added, teams);
        await bot.WaitFinishedAsync("teams:welcome:19:team-conv");

        var sent = teams.Drain();
        Assert.Contains(sent, c => c.Method == "POST" && c.Path.EndsWith("/activities/act-1", StringComparison.Ordinal));
        Assert.Contains(sent, c => c.Method == "PUT");
        Assert.Contains(sent, c => c.Path == "/v3/conversations/19:team-conv/activities");
        foreach (var call in sent)
        {
            var incoming = JsonNode.Parse(call.Path.Contains("19:team-conv", StringComparison.Ordinal) ? added : message)!.AsObject();
            AssertConforms(call, incoming);
        }
    }

    private static void AssertConforms(ConnectorCall call, JsonObject incoming)
    {
        var what = $"{call.Method} {call.Path}";
        foreach (var (field, kind) in ActivityRequired)
        {
            Assert.True(call.Body[field] is { } value && value.GetValueKind() == kind, $"{what}: {field} is missing or not a {kind}");
        }

        foreach (var account in new[] { "from", "recipient" })
        {
            foreach (var field in ChannelAccountRequired)
            {
                Assert.True(call.Body[account]![field]?.GetValueKind() == JsonValueKind.String, $"{what}: {account}.{field} is missing");
            }
        }

        // The bot answers as the account the channel addressed, to the one who spoke, in their conversation.
        Assert.Equal(incoming["recipient"]!["id"]!.GetValue<string>(), call.Body["from"]!["id"]!.GetValue<string>());
        Assert.Equal(incoming["recipient"]!["name"]!.GetValue<string>(), call.Body["from"]!["name"]!.GetValue<string>());
        Assert.Equal(incoming["from"]!["id"]!.GetValue<string>(), call.Body["recipient"]!["id"]!.GetValue<string>());
        Assert.Equal(incoming["channelId"]!.GetValue<string>(), call.Body["channelId"]!.GetValue<string>());
        Assert.Equal(incoming["serviceUrl"]!.GetValue<string>(), call.Body["serviceUrl"]!.GetValue<string>());
        foreach (var field in ConversationEchoed)
        {
            Assert.Equal(incoming["conversation"]![field]?.ToJsonString(), call.Body["conversation"]![field]?.ToJsonString());
        }

        // A reply names the activity it answers, as its path does.
        var segments = call.Path.Split('/');
        if (call.Method == "POST" && segments.Length == 6)
        {
            Assert.Equal(segments[5], call.Body["replyToId"]?.GetValue<string>());
        }
    }

    private static async Task SendOkAsync(BotServer bot, string activity, FakeBotFramework teams)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", teams.Token());
        using var response = await bot.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
