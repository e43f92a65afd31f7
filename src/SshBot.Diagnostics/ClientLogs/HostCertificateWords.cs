namespace SshBot.Diagnostics.ClientLogs;

/// <summary>
/// Why a client refused the server's host certificate, in the words clients print: OpenSSH's
/// <c>Certificate invalid: expired</c> (then it falls back to plain host-key checking, so the last
/// line is usually "can't be established" or "Host key verification failed"), and Go's
/// x/crypto/ssh (Teleport's tsh, Machine ID, Go tools) <c>ssh: principal "X" not in the set of
/// valid principals for given certificate</c>; and a revocation list naming the host's key or
/// certificate. The values are those of <c>ssh.auth.hostcert.status</c>, the bot's own check of
/// the same thing.
/// </summary>
internal static class HostCertificateWords
{
    /// <summary>First match wins; every needle is specific to a host key or certificate check.</summary>
    private static readonly (string Needle, string Status)[] Words =
    [
        // OpenSSH: the reasons its certificate check gives.
        ("Certificate invalid: expired", "expired"),
        ("Certificate invalid: not yet valid", "not-yet-valid"),
        ("Certificate invalid: name is not a listed principal", "principal-mismatch"),
        ("Certificate lacks principal list", "no-principals"),
        // OpenSSH: a revocation list (RevokedHostKeys, a @revoked known_hosts line) names the key,
        // its certificate or the certificate's authority.
        ("REVOKED HOST KEY DETECTED", "revoked"),
        ("is marked as revoked", "revoked"),
        ("revoked by file", "revoked"),
        // Go's x/crypto/ssh CertChecker.
        ("not in the set of valid principals for given certificate", "principal-mismatch"),
        ("ssh: cert has expired", "expired"),
        ("ssh: cert is not yet valid", "not-yet-valid"),
        ("ssh: certificate serial", "revoked"), // "ssh: certificate serial 17 revoked"
    ];

    /// <summary>The wordings, for the failure rules: each is also a (weak) failure line.</summary>
    public static IEnumerable<string> Needles => Words.Select(w => w.Needle);

    /// <summary>The status the line shows, or null when it is not a host-certificate refusal.</summary>
    public static string? Status(string line)
    {
        foreach (var (needle, status) in Words)
        {
            if (line.Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                return status;
            }
        }

        return null;
    }
}
