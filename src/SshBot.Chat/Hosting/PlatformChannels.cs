using Microsoft.Extensions.DependencyInjection;
using SshBot.Chat.Conversation;
using SshBot.Chat.Slack;
using SshBot.Chat.Teams;
using SshBot.Chat.Work;

namespace SshBot.Chat.Hosting;

/// <summary>Answers a stored request on the platform it came from.</summary>
public sealed class PlatformChannels(IServiceProvider services) : IChatChannels
{
    public IChatChannel ChannelFor(ChatWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return work.User.Platform switch
        {
            "slack" => SlackReplyChannel.For(services.GetRequiredService<SlackWebApi>(), work, services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SlackOptions>>().Value),
            "teams" when work.ServiceUrl is { } serviceUrl => services.GetRequiredService<BotConnectorClient>().For(serviceUrl, work.Teams),
            _ => throw new InvalidOperationException($"No channel answers requests from '{work.User.Platform}' in this process."),
        };
    }
}
