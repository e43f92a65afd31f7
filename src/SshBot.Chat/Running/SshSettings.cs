using Microsoft.Extensions.Configuration;
using SshBot.Diagnostics.SshSessions;

namespace SshBot.Chat.Running;

/// <summary>
/// The bot's SSH identity from configuration: the <c>Ssh</c> section of appsettings.json or
/// <c>Ssh__IdentityFile</c>, <c>Ssh__CertificateFile</c>, <c>Ssh__User</c>, <c>Ssh__JumpHost</c>,
/// <c>Ssh__KnownHostsFile</c>, <c>Ssh__HostCertificateAuthority</c>, <c>Ssh__RevokedHostCertificates</c>,
/// <c>Ssh__ConnectTimeout</c> and <c>Ssh__MaxConcurrentSessions</c> in the environment. The known_hosts file defaults to
/// <c>known_hosts</c> in the data directory. Checked once at start-up: a missing or unreadable
/// key is one clear error then, not a failure on every diagnosis.
/// </summary>
public static class SshSettings
{
    /// <summary>The file name of the bot's known_hosts in the data directory.</summary>
    public const string KnownHostsFileName = "known_hosts";

    /// <summary>Reads the section (absent: no identity), fills the default known_hosts and validates.</summary>
    /// <exception cref="SshConfigurationException">The configuration is unusable; the message says which setting.</exception>
    public static SshOptions Resolve(IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SshOptions.Section);
        var options = new SshOptions
        {
            IdentityFile = Blank(section["IdentityFile"]),
            CertificateFile = Blank(section["CertificateFile"]),
            User = Blank(section["User"]),
            JumpHost = Blank(section["JumpHost"]),
            KnownHostsFile = Blank(section["KnownHostsFile"]),
            HostCertificateAuthority = Blank(section["HostCertificateAuthority"]),
            RevokedHostCertificates = Blank(section["RevokedHostCertificates"]),
        };
        if (Blank(section["ConnectTimeout"]) is { } timeout)
        {
            options = options with
            {
                ConnectTimeout = double.TryParse(timeout, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                    ? TimeSpan.FromSeconds(seconds)
                    : throw new SshConfigurationException($"Ssh:ConnectTimeout '{timeout}' is not a number of seconds."),
            };
        }

        // MaxConcurrentRuns is the name from when each login was an ssh process; it still counts.
        var sessionsKey = Blank(section["MaxConcurrentSessions"]) is not null ? "MaxConcurrentSessions" : "MaxConcurrentRuns";
        if (Blank(section[sessionsKey]) is { } sessions)
        {
            options = options with
            {
                MaxConcurrentSessions = int.TryParse(sessions, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                    ? n
                    : throw new SshConfigurationException($"Ssh:{sessionsKey} '{sessions}' is not a whole number."),
            };
        }

        return Complete(options, dataDirectory);
    }

    /// <summary>Fills the default known_hosts (in <paramref name="dataDirectory"/>) and validates.</summary>
    public static SshOptions Complete(SshOptions options, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.KnownHostsFile))
        {
            options = options with { KnownHostsFile = Path.GetFullPath(Path.Combine(dataDirectory, KnownHostsFileName)) };
        }

        options.Validate();
        return options;
    }

    /// <summary>appsettings.json in the working directory, then the environment: what <c>serve</c> reads, for the CLI verbs.</summary>
    public static IConfiguration CliConfiguration() =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
