using SshBot.Chat.Cards;
using SshBot.Chat.Conversation;

namespace SshBot.Chat.Work;

/// <summary>Runs one stored request through the conversation, answering through the channel it came from.</summary>
public sealed class ChatWorkHandler(ChatConversation conversation, IChatChannels channels)
{
    /// <summary>The most bytes read from one attached file; a longer one is read up to here (the log's start is where ssh says what it tried).</summary>
    public const int MaxFileBytes = 512 * 1024;

    /// <summary>Runs the request; <paramref name="attempt"/> is 1 the first time, more when a restart or a dead replica left it unfinished.</summary>
    public async Task RunAsync(ChatWork work, int attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        var channel = channels.ChannelFor(work);
        switch (work.Kind)
        {
            case ChatWork.Message:
                await conversation.HandleAsync(await WithFilesAsync(work.AsMessage(), channel, tellUnread: true, ct), channel, attempt, ct);
                break;
            case ChatWork.Action:
                await conversation.HandleActionAsync(work.AsAction(), channel, attempt, ct);
                break;
            case ChatWork.ThreadReply when long.TryParse(work.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var incidentId):
                // A reply in the bot's thread may be people talking to each other: a file that cannot be read is skipped without a word.
                await conversation.HandleThreadReplyAsync(await WithFilesAsync(work.AsMessage(), channel, tellUnread: false, ct), incidentId, channel, attempt, ct);
                break;
            case ChatWork.Home when channel is IHomeTab home:
                await home.PublishHomeAsync(work.User, await conversation.HomeCardAsync(work.User, ct), ct);
                break;
            case ChatWork.Notice:
                await channel.PostAsync(work.Thread, ChatCard.Text(work.Text ?? ""), ct);
                break;
            case ChatWork.Welcome:
                await channel.PostAsync(work.Thread, TeamsWelcomeCard.Create(work.Value), ct);
                break;
        }
    }

    /// <summary>
    /// The message with the text of its attached files after its own words, each as a code block,
    /// so a log pasted as a snippet is read as a paste. A file the channel cannot read is named in
    /// a short reply (when <paramref name="tellUnread"/>), and the message goes on without it.
    /// </summary>
    private static async Task<InboundMessage> WithFilesAsync(InboundMessage message, IChatChannel channel, bool tellUnread, CancellationToken ct)
    {
        if (message.Files.Count == 0 || channel is not IAttachedFiles files)
        {
            return message;
        }

        var text = new System.Text.StringBuilder(message.Text);
        var unread = new List<string>();
        foreach (var file in message.Files)
        {
            if (await files.ReadTextAsync(file, MaxFileBytes, ct) is not { } content)
            {
                unread.Add(file.Name);
                continue;
            }

            text.Append("\n```\n").Append(content.Replace("```", "'''", StringComparison.Ordinal).TrimEnd('\n')).Append("\n```");
        }

        if (tellUnread && unread.Count > 0)
        {
            await channel.PostAsync(message.Thread, ChatCard.Text($"I could not read the attached {(unread.Count == 1 ? "file" : "files")} {string.Join(", ", unread)}: paste the text into the message instead (an admin can give the app the files:read scope)."), ct);
        }

        return message with { Text = text.ToString() };
    }

    /// <summary>Tells the asker that their request was given up after too many attempts.</summary>
    public Task GiveUpAsync(ChatWork work, int attempts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        return channels.ChannelFor(work).PostAsync(
            work.Thread,
            ChatCard.Text($"I could not finish this request after {attempts} attempts (it failed, or the bot crashed, each time it ran), so I have given up on it. Ask again; if it keeps happening, an admin can look at the bot's logs."),
            ct);
    }
}
