using SshBot.Chat.Conversation;

namespace SshBot.Chat.Console;

/// <summary>
/// The conversation in a terminal: one line is one message, until EOF or "quit". "fixed",
/// "not it" and "again" press the buttons of the last verdict card.
/// </summary>
public sealed class ConsoleSession(ChatConversation conversation, ChatUser user)
{
    public async Task RunAsync(TextReader input, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var channel = new ConsoleChannel(output);
        var thread = new ChatThread("console", null);
        await output.WriteLineAsync("SshBot chat. Say which host SSH fails to (\"can't ssh to web-01\"), or help; quit to leave.");
        await output.FlushAsync(ct);
        while (!ct.IsCancellationRequested && await input.ReadLineAsync(ct) is { } line)
        {
            var text = line.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (text is "quit" or "exit")
            {
                break;
            }

            var eventId = Guid.NewGuid().ToString("N");
            var button = ButtonFor(text.ToLowerInvariant(), channel);
            if (button is not null)
            {
                await conversation.HandleActionAsync(new InboundAction(user, thread, button.ActionId, button.Value, eventId), channel, ct);
            }
            else
            {
                await conversation.HandleAsync(new InboundMessage(user, thread, text, eventId), channel, ct);
            }

            await output.FlushAsync(ct);
        }
    }

    private static Cards.CardButton? ButtonFor(string text, ConsoleChannel channel)
    {
        var id = text switch
        {
            "fixed" or "fixed it" => CardActions.Fixed,
            "not it" or "not-it" => CardActions.NotIt,
            "again" or "run again" => CardActions.RunAgain,
            _ => null,
        };
        return id is null ? null : channel.LastButtons.FirstOrDefault(b => b.ActionId == id);
    }
}
