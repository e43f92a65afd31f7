using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace SshBot.Chat.Teams;

/// <summary>
/// <c>Teams:Auth</c> <c>certificate</c>: MSAL's client-credentials grant with a client assertion
/// signed by the bot's certificate, from the tenant's authority (single-tenant) or the Bot
/// Framework's (multi-tenant). The certificate's subject and thumbprint are logged once; its key
/// never leaves the process.
/// </summary>
public sealed partial class CertificateTokenSource : ITeamsTokenSource, IDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly IConfidentialClientApplication _msal;
    private readonly string[] _scopes;
    private readonly ILogger<CertificateTokenSource> _logger;

    public CertificateTokenSource(IOptions<TeamsOptions> options, IMsalHttpClientFactory http, ILogger<CertificateTokenSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _logger = logger;
        _scopes = [o.Scope];
        _certificate = TeamsCertificate.Load(o);
        _msal = ConfidentialClientApplicationBuilder.Create(o.AppId)
            .WithCertificate(_certificate)
            .WithAuthority(o.Authority.ToString())
            .WithHttpClientFactory(http)
            .Build();
        LogCertificate(_logger, _certificate.Subject, _certificate.Thumbprint, _certificate.NotAfter.ToUniversalTime(), o.Authority);
    }

    public async Task<ConnectorToken> GetTokenAsync(CancellationToken ct)
    {
        try
        {
            var result = await _msal.AcquireTokenForClient(_scopes).ExecuteAsync(ct);
            return new(result.AccessToken, result.ExpiresOn);
        }
        catch (MsalException e)
        {
            LogFailed(_logger, _certificate.Thumbprint, e.ErrorCode, OneLine(e.Message));
            throw new TeamsAuthException($"No Bot Connector token with the certificate {_certificate.Thumbprint}: {e.ErrorCode}.", e);
        }
    }

    public void Dispose() => _certificate.Dispose();

    internal static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    [LoggerMessage(Level = LogLevel.Information, Message = "Teams authenticates with the certificate {Subject}, thumbprint {Thumbprint}, valid until {NotAfter:u}, at {Authority}")]
    private static partial void LogCertificate(ILogger logger, string subject, string thumbprint, DateTime notAfter, Uri authority);

    [LoggerMessage(Level = LogLevel.Error, Message = "Teams token request with the certificate {Thumbprint} failed ({Error}): {Reason}")]
    private static partial void LogFailed(ILogger logger, string thumbprint, string error, string reason);
}
