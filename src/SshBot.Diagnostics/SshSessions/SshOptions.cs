using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.SshSessions;

/// <summary>
/// The bot's own SSH identity and how its sessions (SSH.NET, in-process) are held to it.
/// Everything here comes from configuration (the <c>Ssh</c> section or command-line flags),
/// never from a request. Without <see cref="IdentityFile"/> the bot does not log in anywhere.
/// </summary>
public sealed record SshOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Ssh";

    /// <summary>The bot's private key. Null: no identity, the authenticate stage reports itself unavailable.</summary>
    public string? IdentityFile { get; init; }

    /// <summary>An OpenSSH user certificate for the key (<c>*-cert.pub</c>), when hosts trust a user CA.</summary>
    public string? CertificateFile { get; init; }

    /// <summary>
    /// Public keys of the CA (or CAs, one per line, as in a <c>.pub</c> file) whose host
    /// certificates the bot accepts in place of a pinned key: checked for the host's name among
    /// the principals, the validity window and <see cref="RevokedHostCertificates"/>.
    /// Null: host certificates are not asked for, only pinned keys count.
    /// </summary>
    public string? HostCertificateAuthority { get; init; }

    /// <summary>
    /// Host certificates the bot refuses although the CA signed them: a text file of
    /// <c>serial:N</c>, <c>id:KEY-ID</c> and <c>key:SHA256:...</c> lines (<c>#</c> comments).
    /// </summary>
    public string? RevokedHostCertificates { get; init; }

    /// <summary>The user the bot logs in as. Null: the target's user if it names one, else the local user's name (as OpenSSH does).</summary>
    public string? User { get; init; }

    /// <summary>A jump host, <c>[user@]host[:port]</c>, validated like a target.</summary>
    public string? JumpHost { get; init; }

    /// <summary>The bot's own known_hosts file; the only place a pinned host key comes from.</summary>
    public string? KnownHostsFile { get; init; }

    /// <summary>
    /// The base of the bot's login timeout: the authenticate stage gives a login (TCP connect, key
    /// exchange, authentication) this plus 20 s, as it gave the ssh process it replaced.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many SSH sessions one bot holds open at once (a jump host's session counts with its
    /// target's). A batch of a thousand targets diagnoses many hosts concurrently; their logins
    /// queue here instead of opening a thousand sessions.
    /// </summary>
    public int MaxConcurrentSessions { get; init; } = 32;

    public bool HasIdentity => !string.IsNullOrEmpty(IdentityFile);

    /// <summary>The jump host parsed, or null when none is configured.</summary>
    public Target? ParsedJumpHost => string.IsNullOrEmpty(JumpHost) ? null : TargetParser.Parse(JumpHost);

    /// <summary>
    /// Checks what can be checked before any connection: the key (and certificates) exist and
    /// can be read, every path is plain and absolute, the jump host is a valid target.
    /// Throws <see cref="SshConfigurationException"/> with one line saying what is wrong.
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

        if (!string.IsNullOrEmpty(HostCertificateAuthority))
        {
            CheckReadable(HostCertificateAuthority, "Ssh:HostCertificateAuthority", "the host CA's public key");
        }

        if (!string.IsNullOrEmpty(RevokedHostCertificates))
        {
            CheckReadable(RevokedHostCertificates, "Ssh:RevokedHostCertificates", "the list of revoked host certificates");
        }

        if (string.IsNullOrEmpty(KnownHostsFile))
        {
            throw new SshConfigurationException("Ssh:KnownHostsFile (--known-hosts) is not set: the bot needs its own known_hosts file.");
        }

        CheckPath(KnownHostsFile, "Ssh:KnownHostsFile (--known-hosts)");
        if (!string.IsNullOrEmpty(User) && (User.Length > 32 || User[0] == '-' || !User.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
        {
            throw new SshConfigurationException($"Ssh:User (--ssh-user) '{TargetParser.Show(User)}' is not a valid user name (letters, digits, '.', '_', '-'; not starting with '-').");
        }

        if (MaxConcurrentSessions is < 1 or > 1024)
        {
            throw new SshConfigurationException($"Ssh:MaxConcurrentSessions must be between 1 and 1024, not {MaxConcurrentSessions}.");
        }

        if (ConnectTimeout <= TimeSpan.Zero || ConnectTimeout > TimeSpan.FromMinutes(10))
        {
            throw new SshConfigurationException($"Ssh:ConnectTimeout must be between 1 second and 10 minutes, not {ConnectTimeout}.");
        }

        if (!string.IsNullOrEmpty(JumpHost))
        {
            try
            {
                _ = ParsedJumpHost;
            }
            catch (TargetFormatException e)
            {
                throw new SshConfigurationException($"Ssh:JumpHost (--jump): {e.Message}", e);
            }
        }

        // The files are read now, so a key or CA that cannot be used is one error at start-up.
        using (BotIdentity.Load(this))
        {
        }

        if (!string.IsNullOrEmpty(HostCertificateAuthority))
        {
            _ = HostCertificateTrust.Load(HostCertificateAuthority, RevokedHostCertificates);
        }
    }

    /// <summary>
    /// The jump host against <paramref name="policy"/> as far as its text decides (an address in
    /// the always-denied set, a port or suffix the policy refuses); its resolved addresses are
    /// checked again at each login.
    /// </summary>
    /// <exception cref="SshConfigurationException">The policy refuses the jump host.</exception>
    public void CheckJumpHost(TargetPolicy policy, RequestOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (ParsedJumpHost is { } jump && policy.Precheck(jump, origin) is { Allowed: false } refused)
        {
            throw new SshConfigurationException($"Ssh:JumpHost (--jump) {jump} is refused: {refused.Reason}.");
        }
    }

    /// <summary>The known_hosts path alone (for <c>sshbot hosts</c>, which needs no identity).</summary>
    /// <exception cref="SshConfigurationException">The path is not set, not absolute or not plain.</exception>
    public void CheckKnownHostsPath() =>
        CheckPath(KnownHostsFile ?? throw new SshConfigurationException("Ssh:KnownHostsFile (--known-hosts) is not set."), "Ssh:KnownHostsFile (--known-hosts)");

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
            throw new SshConfigurationException($"{setting}: {what} '{path}' {why}.", e);
        }
    }

    /// <summary>
    /// Paths are plain: no whitespace, '%', '~' or '${...}', which OpenSSH's tools and shells
    /// would expand, so the path in the configuration means the same file everywhere it is shown.
    /// </summary>
    private static void CheckPath(string path, string setting)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            throw new SshConfigurationException($"{setting}: '{TargetParser.Show(path)}' must be an absolute path.");
        }

        var bad = path.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or '@' or ',' or ':' or '='));
        if (bad != default)
        {
            throw new SshConfigurationException($"{setting}: '{TargetParser.Show(path)}' contains '{TargetParser.Show(bad.ToString())}'; use a path of letters, digits and / . _ - + @ , : = only.");
        }
    }
}
