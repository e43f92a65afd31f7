using System.Collections.Concurrent;
using SshBot.Chat.Cards;
using SshBot.Chat.Conversation;

namespace SshBot.Chat.Tests.Support;

/// <summary>A channel that keeps every post and update, in order.</summary>
public sealed class CollectingChannel : IChatChannel
{
    private int _next;

    public ConcurrentQueue<(string Kind, ChatThread Thread, string MessageId, ChatCard Card)> Sent { get; } = new();

    public Task<string> PostAsync(ChatThread thread, ChatCard message, CancellationToken ct)
    {
        var id = $"m{Interlocked.Increment(ref _next)}";
        Sent.Enqueue(("post", thread, id, message));
        return Task.FromResult(id);
    }

    public Task UpdateAsync(ChatThread thread, string messageId, ChatCard message, CancellationToken ct)
    {
        Sent.Enqueue(("update", thread, messageId, message));
        return Task.CompletedTask;
    }

    public string Text => string.Join("\n---\n", Sent.Select(s => PlainTextCardRenderer.Render(s.Card)));
}
