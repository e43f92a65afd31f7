using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SshBot.Chat.Conversation;

namespace SshBot.Chat.Cards;

/// <summary>
/// A verdict card after "Fixed it" or "Not it": the card as Slack echoed it in the interaction,
/// its sections kept, its buttons replaced by one context line saying who answered what and when
/// (a Slack date, shown in each reader's time zone). Nothing but section blocks is taken from the
/// echo, so the card stays within Block Kit's limits whatever came back.
/// </summary>
public static partial class SlackAnsweredCard
{
    public static JsonArray Blocks(JsonArray echoed, CardAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(echoed);
        ArgumentNullException.ThrowIfNull(answer);
        var blocks = new JsonArray();
        foreach (var block in echoed.OfType<JsonObject>().Where(b => b["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String && b["type"]!.GetValue<string>() == "section"))
        {
            if (blocks.Count == SlackCardRenderer.MaxBlocks - 1)
            {
                break;
            }

            blocks.Add((JsonNode)block.DeepClone());
        }

        blocks.Add((JsonNode)new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = Line(answer) }),
        });
        return blocks;
    }

    /// <summary>"*Fixed it*, answered by @alice on Dec 3, 2026 at 22:41": the mention only for a well-formed Slack user id.</summary>
    public static string Line(CardAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var who = SlackUserId().IsMatch(answer.By.Id) ? $"<@{answer.By.Id}>" : SlackCardRenderer.Text(answer.By.Id, multiline: false);
        var seconds = answer.At.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var fallback = answer.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return $"*{SlackCardRenderer.Text(answer.Label, multiline: false)}*, answered by {who} <!date^{seconds}^{{date_short_pretty}} at {{time}}|{fallback}>";
    }

    [GeneratedRegex("^[UW][A-Z0-9]{2,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex SlackUserId();
}
