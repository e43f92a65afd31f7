using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.OpenSsh;

/// <summary>
/// The bot's own SSH identity and how <c>ssh</c> is run with it. Everything here comes from
/// configuration (the <c>Ssh</c> section or command-line flags), never from a request.
/// Without <see cref="IdentityFile"/> the bot does not log in anywhere.
/// </summary>
public sealed record OpenSshOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Ssh";

    /// <summary>The bot's private key. Null: no identity, the authenticate stage reports itself unavailable.</summary>
    public string? IdentityFile { get; init; }

    /// <summary>An OpenSSH certificate for the key, when hosts trust a user CA.</summary>
    public string? CertificateFile { get; init; }

    /// <summary>The user the bot logs in as. Null: the target's user if it names one, else ssh's default.</summary>
    public string? User { get; init; }

    /// <summary>A jump host, <c>[user@]host[:port]</c>, validated like a target.</summary>
    public string? JumpHost { get; init; }

    /// <summary>The bot's own known_hosts file; the only one ssh consults.</summary>
    public string? KnownHostsFile { get; init; }

    /// <summary>ssh's ConnectTimeout (whole seconds, rounded up).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many ssh processes one bot runs at once. A batch of a thousand targets diagnoses
    /// many hosts concurrently; their logins queue here instead of forking a thousand clients.
    /// </summary>
    public int MaxConcurrentRuns { get; init; } = 32;

    /// <summary>The ssh binary: a name looked up on PATH or an absolute path.</summary>
    public string SshPath { get; init; } = "ssh";

    public bool HasIdentity => !string.IsNullOrEmpty(IdentityFile);

    /// <summary>The jump host parsed, or null when none is configured.</summary>
    public Target? ParsedJumpHost => string.IsNullOrEmpty(JumpHost) ? null : TargetParser.Parse(JumpHost);

    /// <summary>
    /// Checks what can be checked before any connection: the key (and certificate) exist and
    /// can be read, every path is one ssh reads literally, the jump host is a valid target.
    /// Throws <see cref="OpenSshConfigurationException"/> with one line saying what is wrong.
    /// </summary>
    public void Validate()
    {
        if (!HasIdentity)
        {
            return;
        }

        CheckReadable(IdentityFile!, "Ssh:IdentityFile (--identity)", "the bot's private key");
        if (!string.IsNullOrEmpty(CertificateFile))
        {
            CheckReadable(CertificateFile, "Ssh:CertificateFile", "the bot's certificate");
        }

        if (string.IsNullOrEmpty(KnownHostsFile))
        {
            throw new OpenSshConfigurationException("Ssh:KnownHostsFile (--known-hosts) is not set: the bot needs its own known_hosts file.");
        }

        CheckPath(KnownHostsFile, "Ssh:KnownHostsFile (--known-hosts)");
        if (!string.IsNullOrEmpty(User) && (User.Length > 32 || User[0] == '-' || !User.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
        {
            throw new OpenSshConfigurationException($"Ssh:User (--ssh-user) '{TargetParser.Show(User)}' is not a valid user name (letters, digits, '.', '_', '-'; not starting with '-').");
        }

        if (MaxConcurrentRuns is < 1 or > 1024)
        {
            throw new OpenSshConfigurationException($"Ssh:MaxConcurrentRuns must be between 1 and 1024, not {MaxConcurrentRuns}.");
        }

        if (ConnectTimeout <= TimeSpan.Zero || ConnectTimeout > TimeSpan.FromMinutes(10))
        {
            throw new OpenSshConfigurationException($"Ssh:ConnectTimeout must be between 1 second and 10 minutes, not {ConnectTimeout}.");
        }

        if (!string.IsNullOrEmpty(JumpHost))
        {
            try
            {
                _ = ParsedJumpHost;
            }
            catch (TargetFormatException e)
            {
                throw new OpenSshConfigurationException($"Ssh:JumpHost (--jump): {e.Message}", e);
            }
        }
    }

    private static void CheckReadable(string path, string setting, string what)
    {
        CheckPath(path, setting);
        try
        {
            using var stream = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = e is FileNotFoundException or DirectoryNotFoundException ? "does not exist" : $"cannot be read ({e.Message})";
            throw new OpenSshConfigurationException($"{setting}: {what} '{path}' {why}.", e);
        }
    }

    /// <summary>
    /// ssh splits option values on whitespace and expands '%', '~' and '${...}' in file names;
    /// a path with any of those would not mean what it says, so it is refused rather than quoted.
    /// </summary>
    private static void CheckPath(string path, string setting)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            throw new OpenSshConfigurationException($"{setting}: '{TargetParser.Show(path)}' must be an absolute path.");
        }

        var bad = path.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or '@' or ',' or ':' or '='));
        if (bad != default)
        {
            throw new OpenSshConfigurationException($"{setting}: '{TargetParser.Show(path)}' contains '{TargetParser.Show(bad.ToString())}'; use a path of letters, digits and / . _ - + @ , : = only.");
        }
    }
}
