using SshBot.Chat.Cards;
using SshBot.Chat.Conversation;

namespace SshBot.Chat.Work;

/// <summary>Runs one stored request through the conversation, answering through the channel it came from.</summary>
public sealed class ChatWorkHandler(ChatConversation conversation, IChatChannels channels)
{
    /// <summary>Runs the request; <paramref name="attempt"/> is 1 the first time, more when a restart or a dead replica left it unfinished.</summary>
    public async Task RunAsync(ChatWork work, int attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        var channel = channels.ChannelFor(work);
        switch (work.Kind)
        {
            case ChatWork.Message:
                await conversation.HandleAsync(work.AsMessage(), channel, attempt, ct);
                break;
            case ChatWork.Action:
                await conversation.HandleActionAsync(work.AsAction(), channel, attempt, ct);
                break;
            case ChatWork.ThreadReply when long.TryParse(work.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var incidentId):
                await conversation.HandleThreadReplyAsync(work.AsMessage(), incidentId, channel, attempt, ct);
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

    /// <summary>Tells the asker that their request was given up after too many attempts.</summary>
    public Task GiveUpAsync(ChatWork work, int attempts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        return channels.ChannelFor(work).PostAsync(
            work.Thread,
            ChatCard.Text($"I could not finish this request after {attempts} attempts (the bot kept stopping while working on it), so I have given up on it. Ask again; if it keeps happening, an admin can look at the bot's logs."),
            ct);
    }
}
