namespace SshBot.Diagnostics.SshSessions;

/// <summary>
/// What the bot made of the host key a server presented, before any authentication.
/// </summary>
/// <param name="Trusted">Whether the login may go on to authenticate.</param>
/// <param name="HostKeyStatus">known, unknown or changed (<c>ssh.auth.hostkey.status</c>); null when a certificate decided.</param>
/// <param name="CertificateStatus">For a host certificate: valid, expired, not-yet-valid, principal-mismatch, no-principals, revoked, not-host or unknown-ca.</param>
/// <param name="FailureLine">Why the key was refused; null when trusted.</param>
public sealed record HostKeyDecision(bool Trusted, string? HostKeyStatus, string? CertificateStatus, string? FailureLine);
