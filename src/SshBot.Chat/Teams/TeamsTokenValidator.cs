using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace SshBot.Chat.Teams;

/// <summary>Why an inbound Bot Framework request was refused: 401 (who are you) or 403 (not for this).</summary>
public sealed record TeamsAuthResult(int Status, string? Why)
{
    public bool Ok => Status == 200;
}

/// <summary>
/// Validates the Bot Connector's JWT: RS256 only, signed by a key from the configured OpenID
/// metadata, issuer, audience (our App ID), lifetime with 5 minutes of skew; then the token's
/// <c>serviceurl</c> claim must equal the activity's serviceUrl and the signing key must be
/// endorsed for the activity's channel.
/// </summary>
public sealed class TeamsTokenValidator
{
    private readonly TeamsOptions _options;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly JsonWebTokenHandler _handler = new();

    public TeamsTokenValidator(IOptions<TeamsOptions> options, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
            _options.OpenIdMetadataUrl.ToString(),
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(http) { RequireHttps = _options.OpenIdMetadataUrl.Scheme == Uri.UriSchemeHttps });
    }

    /// <summary>Both checks at once, for a caller that already has the activity.</summary>
    public async Task<TeamsAuthResult> ValidateAsync(string? authorization, string serviceUrl, string channelId, CancellationToken ct)
    {
        var token = await ValidateTokenAsync(authorization, ct);
        return token.Ok ? token.Check(serviceUrl, channelId) : token.Result;
    }

    /// <summary>
    /// Everything that needs only the token: its form, signature, algorithm, issuer, audience and
    /// lifetime. Done before the body is read, so a forged token costs the server no body.
    /// </summary>
    public async Task<TeamsToken> ValidateTokenAsync(string? authorization, CancellationToken ct)
    {
        if (!LooksLikeBearerToken(authorization))
        {
            return new(new(401, "no bearer token"), null, null);
        }

        var token = authorization!["Bearer ".Length..].Trim();
        OpenIdConnectConfiguration config;
        try
        {
            config = await _metadata.GetConfigurationAsync(ct);
        }
        catch (InvalidOperationException)
        {
            return new(new(401, "OpenID metadata unavailable"), null, null);
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.AppId,
            IssuerSigningKeys = config.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = _options.ClockSkew,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            TryAllIssuerSigningKeys = false,
        };
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return new(new(401, result.Exception?.GetType().Name ?? "invalid token"), null, null);
        }

        return new(new(200, null), jwt, config);
    }

    /// <summary>
    /// <c>Bearer</c> and three non-empty base64url segments, within 16 KiB: the shape of a JWT,
    /// checked without parsing anything.
    /// </summary>
    public static bool LooksLikeBearerToken(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length > 16 * 1024)
        {
            return false;
        }

        var parts = authorization["Bearer ".Length..].Trim().Split('.');
        return parts.Length == 3 && parts[0].Length > 0 && parts[1].Length > 0
            && parts.All(p => p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
    }

    /// <summary>A token that passed <see cref="ValidateTokenAsync"/>, still to be checked against the activity it came with.</summary>
    public sealed record TeamsToken(TeamsAuthResult Result, JsonWebToken? Jwt, OpenIdConnectConfiguration? Config)
    {
        public bool Ok => Result.Ok && Jwt is not null && Config is not null;

        /// <summary>The token's <c>serviceurl</c> claim must be the activity's, and its key endorsed for the activity's channel.</summary>
        public TeamsAuthResult Check(string serviceUrl, string channelId)
        {
            if (!Ok)
            {
                return Result;
            }

            if (!Jwt!.TryGetPayloadValue<string>("serviceurl", out var claimed) || !SameServiceUrl(claimed, serviceUrl))
            {
                return new(403, "serviceUrl does not match the token");
            }

            var key = Config!.JsonWebKeySet?.Keys.FirstOrDefault(k => k.Kid == Jwt.Kid);
            if (key is null || !Endorsed(key, channelId))
            {
                return new(403, "the signing key is not endorsed for this channel");
            }

            return new(200, null);
        }
    }

    private static bool SameServiceUrl(string a, string b) =>
        string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static bool Endorsed(JsonWebKey key, string channelId)
    {
        if (!key.AdditionalData.TryGetValue("endorsements", out var value))
        {
            return false;
        }

        var endorsements = value switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Select(e => e.GetString()).ToArray(),
            IEnumerable<object> list => list.Select(o => o?.ToString()).ToArray(),
            _ => [],
        };
        return endorsements.Contains(channelId, StringComparer.OrdinalIgnoreCase);
    }
}
