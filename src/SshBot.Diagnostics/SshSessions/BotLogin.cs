namespace SshBot.Diagnostics.SshSessions;

/// <summary>
/// How the bot's own login went. <see cref="Status"/> takes the values of <c>ssh.auth.status</c>;
/// <see cref="HostKeyStatus"/> those of <c>ssh.auth.hostkey.status</c>.
/// </summary>
/// <param name="Status">accepted, denied, hostkey-unknown, hostkey-changed, hostcert-invalid or error.</param>
/// <param name="Methods">The methods the server said can continue (or the one that was accepted).</param>
/// <param name="AcceptedMethod">The method that logged the bot in, when one did.</param>
/// <param name="HostKeyType">The presented host key's type (ssh-ed25519, ...), when the login got that far.</param>
/// <param name="Fingerprint">The presented host key's SHA256 fingerprint (<c>SHA256:...</c>).</param>
/// <param name="HostKeyStatus">known, unknown or changed; null when no host key was seen or a certificate decided.</param>
/// <param name="FailureLine">The line that says why the login failed; null when it succeeded.</param>
/// <param name="ReachedAuthentication">
/// Whether the login got as far as authenticating. An unknown or changed host key leaves this false.
/// </param>
public sealed record BotLogin(
    string Status,
    IReadOnlyList<string> Methods,
    string? AcceptedMethod,
    string? HostKeyType,
    string? Fingerprint,
    string? HostKeyStatus,
    string? FailureLine,
    bool ReachedAuthentication)
{
    /// <summary>The pre-login banner the server sent (<c>Banner</c> in sshd_config), cut to 1,000 characters.</summary>
    public string? Banner { get; init; }

    /// <summary>The SSH disconnect reason code when the server ended the session with one.</summary>
    public int? DisconnectCode { get; init; }

    /// <summary>The host certificate's state (valid, expired, ...), when the server presented one to a bot with a host CA.</summary>
    public string? HostCertificateStatus { get; init; }

    /// <summary>The host certificate's principals, key id, serial and window, for the report.</summary>
    public HostCertificateSummary? HostCertificate { get; init; }

    /// <summary>The bot's own user certificate against the clock (valid, expired, not-yet-valid); null without one.</summary>
    public string? UserCertificateStatus { get; init; }

    /// <summary>The end of the bot's user certificate's validity (yyyy-MM-ddTHH:mm:ssZ or forever).</summary>
    public string? UserCertificateValidBefore { get; init; }

    /// <summary>The server's identification line (<c>SSH-2.0-...</c>) as the bot's session saw it.</summary>
    public string? ServerVersion { get; init; }
}

/// <summary>A host certificate as the report shows it.</summary>
public sealed record HostCertificateSummary(string KeyId, ulong Serial, IReadOnlyList<string> Principals, string ValidAfter, string ValidBefore, string AuthorityFingerprint);
