using Microsoft.Extensions.Options;

namespace SshBot.Chat.Teams;

/// <summary>
/// Microsoft Teams through the Bot Framework Connector (section <c>Teams</c>). Off when no key is
/// set; half-configured (or with a certificate that does not open), start-up stops naming the key.
/// </summary>
public sealed class TeamsOptions
{
    public const string SectionName = "Teams";

    /// <summary>The bot's Microsoft App ID: the audience of inbound tokens and the client id of outbound ones.</summary>
    public string? AppId { get; set; }

    /// <summary>The bot's client secret for the client-credentials token (<see cref="Auth"/> <c>secret</c>).</summary>
    public string? AppPassword { get; set; }

    /// <summary>
    /// How the bot gets its token for the Bot Connector: <c>secret</c> (the default: client
    /// credentials with <see cref="AppPassword"/>), <c>certificate</c> (<see cref="CertificatePath"/>)
    /// or <c>managedidentity</c> (the host's Azure managed identity); the last two through MSAL.
    /// </summary>
    public string Auth { get; set; } = TeamsAuth.Secret;

    /// <summary>The bot's certificate with its private key: a PEM file (certificate and key) or a PFX.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>A file holding the password of the certificate's key (one line), rather than the password in the configuration.</summary>
    public string? CertificatePasswordFile { get; set; }

    /// <summary>The password of the certificate's key, for an environment variable or a secret store.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The client id of a user-assigned managed identity; unset, the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    public Uri OpenIdMetadataUrl { get; set; } = new("https://login.botframework.com/v1/.well-known/openidconfiguration");

    public string Issuer { get; set; } = "https://api.botframework.com";

    /// <summary>The Entra tenant of a single-tenant bot registration; its token comes from that tenant.</summary>
    public string? TenantId { get; set; }

    /// <summary>Where the client-credentials token comes from; by default Microsoft's, for <see cref="TenantId"/> when set.</summary>
    public Uri? TokenUrl { get; set; }

    /// <summary>The Entra authority certificate tokens come from: the tenant's for a single-tenant bot, else the Bot Framework's.</summary>
    public Uri Authority => new($"https://login.microsoftonline.com/{(string.IsNullOrEmpty(TenantId) ? "botframework.com" : TenantId)}");

    public Uri EffectiveTokenUrl => TokenUrl ?? new($"https://login.microsoftonline.com/{(string.IsNullOrEmpty(TenantId) ? "botframework.com" : TenantId)}/oauth2/v2.0/token");

    public string Scope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>Where people can read the knowledge base (a wiki or repository page); the welcome card links it when set.</summary>
    public Uri? KnowledgeBaseUrl { get; set; }

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The wait before the second try of a throttled or failed Connector call when it names none; doubled for each further try.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>All tries of one Connector call end within this; a longer Retry-After gives up instead of waiting.</summary>
    public TimeSpan MaxRetryTime { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrEmpty(AppId) || !string.IsNullOrEmpty(AppPassword)
        || !string.IsNullOrEmpty(CertificatePath) || !string.IsNullOrEmpty(ManagedIdentityClientId);
}

public sealed class TeamsOptionsValidator : IValidateOptions<TeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var missing = new List<string>();
        if (string.IsNullOrEmpty(options.AppId))
        {
            missing.Add("Teams:AppId (env Teams__AppId) is missing");
        }

        missing.AddRange(TeamsAuth.Problems(options));

        if (!string.IsNullOrEmpty(options.TenantId) && !options.TenantId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
        {
            missing.Add("Teams:TenantId (env Teams__TenantId) must be a tenant id or domain");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.MaxRetryTime < TimeSpan.Zero)
        {
            missing.Add("Teams:RetryBaseDelay and Teams:MaxRetryTime must not be negative");
        }

        return missing.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Teams is misconfigured: {string.Join("; ", missing)}. Fix it, or remove every Teams setting to turn Teams off.");
    }
}
