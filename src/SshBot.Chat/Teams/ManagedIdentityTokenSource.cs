using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using Microsoft.Identity.Client.AppConfig;

namespace SshBot.Chat.Teams;

/// <summary>
/// <c>Teams:Auth</c> <c>managedidentity</c>: the token of the Azure managed identity the bot runs
/// as (system-assigned, or user-assigned by <c>Teams:ManagedIdentityClientId</c>), from the
/// endpoint MSAL finds in the environment (App Service's IDENTITY_ENDPOINT and IDENTITY_HEADER,
/// or the VM's instance metadata service).
/// </summary>
public sealed partial class ManagedIdentityTokenSource : ITeamsTokenSource
{
    private readonly IManagedIdentityApplication _msal;
    private readonly string _resource;
    private readonly string _identity;
    private readonly ILogger<ManagedIdentityTokenSource> _logger;

    public ManagedIdentityTokenSource(IOptions<TeamsOptions> options, IMsalHttpClientFactory http, ILogger<ManagedIdentityTokenSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _logger = logger;
        var clientId = o.ManagedIdentityClientId;
        _identity = string.IsNullOrEmpty(clientId) ? "the system-assigned identity" : $"the user-assigned identity {clientId}";
        // A managed identity asks for a resource, not a scope: the scope without its /.default.
        _resource = o.Scope.EndsWith("/.default", StringComparison.Ordinal) ? o.Scope[..^"/.default".Length] : o.Scope;
        _msal = ManagedIdentityApplicationBuilder
            .Create(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.WithUserAssignedClientId(clientId))
            .WithHttpClientFactory(http)
            .Build();
        LogIdentity(_logger, _identity, _resource);
    }

    public async Task<ConnectorToken> GetTokenAsync(CancellationToken ct)
    {
        try
        {
            var result = await _msal.AcquireTokenForManagedIdentity(_resource).ExecuteAsync(ct);
            return new(result.AccessToken, result.ExpiresOn);
        }
        catch (MsalException e)
        {
            LogFailed(_logger, _identity, e.ErrorCode, CertificateTokenSource.OneLine(e.Message));
            throw new TeamsAuthException($"No Bot Connector token for {_identity}: {e.ErrorCode}.", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Teams authenticates as {Identity} of this host, for {Resource}")]
    private static partial void LogIdentity(ILogger logger, string identity, string resource);

    [LoggerMessage(Level = LogLevel.Error, Message = "Teams token request for {Identity} failed ({Error}): {Reason}")]
    private static partial void LogFailed(ILogger logger, string identity, string error, string reason);
}
