using SshBot.Chat.Conversation;

namespace SshBot.Chat.Console;

/// <summary>
/// The conversation in a terminal: one line is one message, until EOF or "quit". A pasted log
/// (a line that looks like ssh output or a shell command running ssh) is gathered up to the
/// next empty line and read as one message, as chat would receive it. "fixed", "not it",
/// "again" and "probe" press the buttons of the last card.
/// </summary>
public sealed class ConsoleSession(ChatConversation conversation, ChatUser user)
{
    /// <summary>A paste is cut here; the log parser reads at most 1 MiB anyway.</summary>
    private const int MaxPasteChars = 1024 * 1024;

    public async Task RunAsync(TextReader input, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var channel = new ConsoleChannel(output);
        var thread = new ChatThread("console", null);
        await output.WriteLineAsync("SshBot chat. Say which host SSH fails to (\"can't ssh to web-01\"), or help; quit to leave.");
        await output.FlushAsync(ct);
        while (!ct.IsCancellationRequested && await ReadLineAsync(input, ct) is { } line)
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

            if (IntentParser.StartsPaste(line))
            {
                // A paste ends at an empty line, or, when it opened a code block, at the line that closes it.
                var paste = new System.Text.StringBuilder(line);
                var inBlock = IntentParser.OpensBlock(line);
                while (paste.Length < MaxPasteChars && await ReadLineAsync(input, ct) is { } more && (inBlock || more.Length > 0))
                {
                    paste.Append('\n').Append(more);
                    if (inBlock && IntentParser.OpensBlock(more))
                    {
                        break;
                    }
                }

                text = paste.ToString();
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

    /// <summary>
    /// A read of the terminal blocks its thread and does not notice cancellation (Console.In reads
    /// synchronously even when asked to read asynchronously), so it runs on a pool thread and the
    /// wait for it is what Ctrl-C cancels.
    /// </summary>
    private static Task<string?> ReadLineAsync(TextReader input, CancellationToken ct) =>
        Task.Run(() => input.ReadLineAsync(CancellationToken.None).AsTask(), CancellationToken.None).WaitAsync(ct);

    private static Cards.CardButton? ButtonFor(string text, ConsoleChannel channel)
    {
        var id = text switch
        {
            "fixed" or "fixed it" => CardActions.Fixed,
            "not it" or "not-it" => CardActions.NotIt,
            "again" or "run again" => CardActions.RunAgain,
            "probe" => CardActions.Probe,
            _ => null,
        };
        return id is null ? null : channel.LastButtons.FirstOrDefault(b => b.ActionId == id);
    }
}
