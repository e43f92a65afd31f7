namespace SshBot.Chat.Teams;

/// <summary>Where the bot's token for the Bot Connector comes from (<c>Teams:Auth</c>): the seam around the identity provider.</summary>
public interface ITeamsTokenSource
{
    /// <exception cref="TeamsAuthException">No token: the log has said why in one line.</exception>
    Task<ConnectorToken> GetTokenAsync(CancellationToken ct);
}

/// <summary>A bearer token for the Bot Connector and when it stops working.</summary>
public sealed record ConnectorToken(string Value, DateTimeOffset ExpiresOn);
