using System.Text.Json.Nodes;

namespace SshBot.Chat.Tests.Support;

/// <summary>
/// Slack's published limits on what an app sends (Block Kit reference, chat.postMessage,
/// views.publish): every payload the bot sent to the fake Slack is checked against them, so
/// Slack would never answer invalid_blocks, msg_too_long or invalid_arguments.
/// </summary>
public static class SlackLimits
{
    public const int MessageText = 40_000;
    public const int MessageBlocks = 50;
    public const int ViewBlocks = 100;
    public const int SectionText = 3000;
    public const int HeaderText = 150;
    public const int ButtonText = 75;
    public const int ButtonValue = 2000;
    public const int ActionId = 255;
    public const int BlockId = 255;
    public const int ContextElements = 10;
    public const int ActionsElements = 25;

    /// <summary>Asserts every limit on every call; returns how many calls were checked.</summary>
    public static int AssertAllWithin(IEnumerable<SlackCall> calls)
    {
        var n = 0;
        foreach (var call in calls)
        {
            AssertWithin(call);
            n++;
        }

        return n;
    }

    public static void AssertWithin(SlackCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var body = call.Body;
        if (call.Method == "views.publish")
        {
            var view = body["view"]!;
            Assert.Equal("home", view["type"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(body["user_id"]?.GetValue<string>()), "views.publish without user_id");
            Blocks(call, view["blocks"]!.AsArray(), ViewBlocks);
            return;
        }

        if (call.Method is "chat.postMessage" or "chat.update")
        {
            Assert.False(string.IsNullOrEmpty(body["channel"]?.GetValue<string>()), $"{call.Method} without channel");
        }

        var text = body["text"]?.GetValue<string>() ?? "";
        Assert.InRange(text.Length, 1, MessageText);
        if (body["response_type"] is { } type)
        {
            Assert.Contains(type.GetValue<string>(), new[] { "ephemeral", "in_channel" });
        }

        if (body["blocks"] is JsonArray blocks)
        {
            Blocks(call, blocks, MessageBlocks);
        }
    }

    private static void Blocks(SlackCall call, JsonArray blocks, int max)
    {
        Assert.InRange(blocks.Count, 1, max);
        foreach (var block in blocks.Select(b => b!.AsObject()))
        {
            var type = block["type"]!.GetValue<string>();
            if (block["block_id"] is { } id)
            {
                Assert.InRange(id.GetValue<string>().Length, 1, BlockId);
            }

            switch (type)
            {
                case "section":
                    Assert.InRange(block["text"]!["text"]!.GetValue<string>().Length, 1, SectionText);
                    break;
                case "header":
                    Assert.Equal("plain_text", block["text"]!["type"]!.GetValue<string>());
                    Assert.InRange(block["text"]!["text"]!.GetValue<string>().Length, 1, HeaderText);
                    break;
                case "context":
                    var elements = block["elements"]!.AsArray();
                    Assert.InRange(elements.Count, 1, ContextElements);
                    Assert.All(elements, e => Assert.InRange(e!["text"]!.GetValue<string>().Length, 1, SectionText));
                    break;
                case "actions":
                    var buttons = block["elements"]!.AsArray();
                    Assert.InRange(buttons.Count, 1, ActionsElements);
                    foreach (var button in buttons)
                    {
                        Assert.Equal("plain_text", button!["text"]!["type"]!.GetValue<string>());
                        Assert.InRange(button["text"]!["text"]!.GetValue<string>().Length, 1, ButtonText);
                        Assert.InRange(button["value"]!.GetValue<string>().Length, 1, ButtonValue);
                        Assert.InRange(button["action_id"]!.GetValue<string>().Length, 1, ActionId);
                    }

                    break;
                default:
                    Assert.Fail($"{call.Method} sent a block of type {type}, which the bot does not build");
                    break;
            }
        }
    }
}
