using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace SshBot.Chat.Teams;

/// <summary>The values of <c>Teams:Auth</c>, and what each needs before the bot may start.</summary>
public static class TeamsAuth
{
    public const string Secret = "secret";
    public const string Certificate = "certificate";
    public const string ManagedIdentity = "managedidentity";

    public static bool Is(TeamsOptions options, string mode)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.Equals(options.Auth, mode, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The token source <c>Teams:Auth</c> names.</summary>
    public static ITeamsTokenSource Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<TeamsOptions>>();
        if (Is(options.Value, Certificate))
        {
            return new CertificateTokenSource(options, services.GetRequiredService<IMsalHttpClientFactory>(), services.GetRequiredService<ILogger<CertificateTokenSource>>());
        }

        return Is(options.Value, ManagedIdentity)
            ? new ManagedIdentityTokenSource(options, services.GetRequiredService<IMsalHttpClientFactory>(), services.GetRequiredService<ILogger<ManagedIdentityTokenSource>>())
            : new SecretTokenSource(services.GetRequiredService<IHttpClientFactory>(), options, services.GetRequiredService<TimeProvider>());
    }

    /// <summary>What is wrong with the authentication settings, one sentence each; the certificate is opened to find out.</summary>
    public static IEnumerable<string> Problems(TeamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Is(options, Secret))
        {
            if (string.IsNullOrEmpty(options.AppPassword))
            {
                yield return "Teams:AppPassword (env Teams__AppPassword) is missing";
            }
        }
        else if (Is(options, Certificate))
        {
            if (string.IsNullOrEmpty(options.CertificatePath))
            {
                yield return "Teams:CertificatePath (env Teams__CertificatePath) is missing for Teams:Auth certificate";
            }
            else if (TeamsCertificate.Check(options) is { } problem)
            {
                yield return problem;
            }
        }
        else if (!Is(options, ManagedIdentity))
        {
            yield return $"Teams:Auth is '{options.Auth}'; it must be {Secret}, {Certificate} or {ManagedIdentity}";
        }
    }
}
