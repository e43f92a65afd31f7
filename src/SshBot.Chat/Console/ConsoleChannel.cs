using SshBot.Chat.Cards;
using SshBot.Chat.Conversation;

namespace SshBot.Chat.Console;

/// <summary>
/// The terminal as a channel: a post prints the card, an update prints only the lines that
/// message has not shown yet, so progress reads as a log and the verdict follows it.
/// </summary>
public sealed class ConsoleChannel(TextWriter output) : IChatChannel
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<string>> _shown = new(StringComparer.Ordinal);
    private int _next;

    /// <summary>The buttons of the last card that had any, for "fixed", "not it" and "again".</summary>
    public IReadOnlyList<CardButton> LastButtons { get; private set; } = [];

    public Task<string> PostAsync(ChatThread thread, ChatCard message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = $"console-{Interlocked.Increment(ref _next)}";
        Write(id, message);
        return Task.FromResult(id);
    }

    public Task UpdateAsync(ChatThread thread, string messageId, ChatCard message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        Write(messageId, message);
        return Task.CompletedTask;
    }

    private void Write(string id, ChatCard card)
    {
        var lines = PlainTextCardRenderer.Render(card).Split('\n');
        lock (_lock)
        {
            var isUpdate = _shown.TryGetValue(id, out var shown);
            if (shown is null)
            {
                _shown[id] = shown = new HashSet<string>(StringComparer.Ordinal);
            }

            var blankLines = !isUpdate || card.Buttons.Count > 0;
            foreach (var line in lines)
            {
                if ((line.Trim().Length == 0 && blankLines) || line.StartsWith('=') || (line.Trim().Length > 0 && shown.Add(line)))
                {
                    output.WriteLine(line);
                }
            }

            output.Flush();
            if (card.Buttons.Count > 0)
            {
                LastButtons = card.Buttons;
            }
        }
    }
}
