using Renci.SshNet.Security;

namespace SshBot.Diagnostics.SshSessions;

/// <summary>
/// Strict host key checking, as the bot's SSH sessions apply it before authenticating: a host
/// certificate signed by the configured CA stands for the host when it is valid for the host's
/// name now and not revoked; otherwise (as OpenSSH retries with the plain key) the key must be
/// pinned for the host's name in the bot's known_hosts. A key of a pinned type that differs is
/// <c>changed</c>; a key nothing is pinned for is <c>unknown</c>. Nothing is ever trusted on first use.
/// </summary>
public static class HostKeyCheck
{
    /// <param name="name">The known_hosts name (<c>host</c> or <c>[host]:port</c>).</param>
    /// <param name="principal">The host's name as the certificate must list it.</param>
    /// <param name="presented">The plain key the server presented (for a certificate, the certified key).</param>
    /// <param name="pinned">The keys pinned for <paramref name="name"/>.</param>
    /// <param name="certificate">The host certificate, when the server presented one.</param>
    /// <param name="trust">The configured host CA; null when none is.</param>
    /// <param name="now">The time the certificate's validity is checked at.</param>
    public static HostKeyDecision Decide(
        string name, string principal, HostKeyLine presented, IReadOnlyList<HostKeyLine> pinned,
        Certificate? certificate, HostCertificateTrust? trust, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(presented);
        ArgumentNullException.ThrowIfNull(pinned);
        string? certificateStatus = null;
        if (certificate is not null && trust is not null)
        {
            certificateStatus = trust.Check(certificate, presented.Fingerprint, principal, now);
            if (certificateStatus == "valid")
            {
                return new HostKeyDecision(true, "known", certificateStatus, null);
            }
        }

        var kind = Kind(presented.KeyType);
        if (pinned.Contains(presented))
        {
            return new HostKeyDecision(true, "known", certificateStatus, null);
        }

        if (certificateStatus is not null and not "unknown-ca")
        {
            return new HostKeyDecision(false, null, certificateStatus, CertificateLine(name, principal, certificateStatus, certificate!));
        }

        var sameType = pinned.Where(k => k.KeyType == presented.KeyType).ToArray();
        if (sameType.Length > 0)
        {
            var was = string.Join(", ", sameType.Select(k => k.Fingerprint));
            return new HostKeyDecision(false, "changed", certificateStatus,
                $"WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! {name} presents the {kind} key {presented.Fingerprint}; the bot's known_hosts pins {was}.");
        }

        var others = pinned.Count == 0 ? "" : $" (only {string.Join(", ", pinned.Select(k => Kind(k.KeyType)).Distinct())} keys are pinned)";
        var ca = certificateStatus == "unknown-ca" ? " Its host certificate is not signed by the configured CA." : "";
        return new HostKeyDecision(false, "unknown", certificateStatus,
            $"No {kind} host key is known for {name}{others}; the bot checks host keys strictly and stopped before authenticating ({presented.Fingerprint}).{ca}");
    }

    /// <summary>The key type as OpenSSH names it in messages: ED25519, RSA, ECDSA.</summary>
    public static string Kind(string keyType)
    {
        ArgumentNullException.ThrowIfNull(keyType);
        return keyType switch
        {
            "ssh-ed25519" => "ED25519",
            "ssh-rsa" => "RSA",
            _ when keyType.StartsWith("ecdsa-", StringComparison.Ordinal) => "ECDSA",
            _ => keyType.ToUpperInvariant(),
        };
    }

    /// <summary>The failure line for a host certificate refused as <paramref name="status"/>.</summary>
    internal static string CertificateLine(string name, string principal, string status, Certificate certificate)
    {
        var window = $"valid {HostCertificateFacts.Show(certificate.ValidAfterUnixSeconds, false)} to {HostCertificateFacts.Show(certificate.ValidBeforeUnixSeconds, true)}";
        var why = status switch
        {
            "expired" => $"it expired ({window})",
            "not-yet-valid" => $"it is not valid yet ({window})",
            "principal-mismatch" => $"it is for {string.Join(", ", certificate.ValidPrincipals)}, not {principal}",
            "no-principals" => "it names no host (no principals)",
            "unknown-ca" => $"it is signed by CA SHA256:{certificate.CertificateAuthorityKeyFingerPrint}, not the configured one",
            "revoked" => $"it is revoked (serial {certificate.Serial}, key id '{certificate.KeyId}')",
            "not-host" => "it is a user certificate",
            _ => status,
        };
        return $"Host certificate for {name} is invalid: {why}; the bot stopped before authenticating.";
    }
}
