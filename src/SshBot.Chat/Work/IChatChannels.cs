using SshBot.Chat.Conversation;

namespace SshBot.Chat.Work;

/// <summary>The channel that answers a stored request: Slack's Web API, or the Bot Connector at the request's serviceUrl.</summary>
public interface IChatChannels
{
    /// <exception cref="InvalidOperationException">The request's platform is not configured in this process.</exception>
    IChatChannel ChannelFor(ChatWork work);
}
