using Microsoft.Extensions.Options;

namespace SshBot.Chat.Teams;

/// <summary>
/// Microsoft Teams through the Bot Framework Connector (section <c>Teams</c>). Off when no key is
/// set; half-configured, start-up stops naming the missing key.
/// </summary>
public sealed class TeamsOptions
{
    public const string SectionName = "Teams";

    /// <summary>The bot's Microsoft App ID: the audience of inbound tokens and the client id of outbound ones.</summary>
    public string? AppId { get; set; }

    /// <summary>The bot's client secret for the client-credentials token.</summary>
    public string? AppPassword { get; set; }

    public Uri OpenIdMetadataUrl { get; set; } = new("https://login.botframework.com/v1/.well-known/openidconfiguration");

    public string Issuer { get; set; } = "https://api.botframework.com";

    /// <summary>The Entra tenant of a single-tenant bot registration; its token comes from that tenant.</summary>
    public string? TenantId { get; set; }

    /// <summary>Where the client-credentials token comes from; by default Microsoft's, for <see cref="TenantId"/> when set.</summary>
    public Uri? TokenUrl { get; set; }

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

    public bool Enabled => !string.IsNullOrEmpty(AppId) || !string.IsNullOrEmpty(AppPassword);
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

        if (string.IsNullOrEmpty(options.AppPassword))
        {
            missing.Add("Teams:AppPassword (env Teams__AppPassword) is missing");
        }

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
            : ValidateOptionsResult.Fail($"Teams is half-configured: {string.Join("; ", missing)}. Set it, or remove every Teams setting to turn Teams off.");
    }
}
