using System.Globalization;
using Renci.SshNet.Security;

namespace SshBot.Diagnostics.SshSessions;

/// <summary>
/// The host CA the bot trusts and the host certificates it refuses anyway, loaded once from
/// <see cref="SshOptions.HostCertificateAuthority"/> and <see cref="SshOptions.RevokedHostCertificates"/>.
/// SSH.NET checks a host certificate's signature and refuses one outside its validity window
/// (with a generic message); it does not check the CA, the principals or a revocation list, so
/// <see cref="Check"/> does all of that, and names the reason.
/// </summary>
public sealed class HostCertificateTrust
{
    private readonly HashSet<string> _authorities;
    private readonly HashSet<ulong> _revokedSerials = [];
    private readonly HashSet<string> _revokedIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _revokedKeys = new(StringComparer.Ordinal);

    private HostCertificateTrust(IEnumerable<string> authorities) => _authorities = new(authorities, StringComparer.Ordinal);

    /// <summary>The CA keys' SHA256 fingerprints (<c>SHA256:...</c>).</summary>
    public IReadOnlyCollection<string> Authorities => _authorities;

    /// <summary>Reads the CA file (<c>type base64 [comment]</c> lines) and the revocation list, if any.</summary>
    /// <exception cref="SshConfigurationException">A file holds no usable key or a line it cannot read.</exception>
    public static HostCertificateTrust Load(string authorityFile, string? revokedFile)
    {
        var keys = new List<string>();
        foreach (var line in File.ReadLines(authorityFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // A known_hosts style "@cert-authority pattern type base64" line is accepted too.
            var at = fields[0] == "@cert-authority" ? 2 : 0;
            var key = fields.Length >= at + 2 ? HostKeyLine.TryParse(fields[at], fields[at + 1]) : null;
            keys.Add(key?.Fingerprint ?? throw new SshConfigurationException($"Ssh:HostCertificateAuthority: '{authorityFile}' has a line that is not a public key: '{Targets.TargetParser.Show(line[..Math.Min(line.Length, 60)])}'."));
        }

        if (keys.Count == 0)
        {
            throw new SshConfigurationException($"Ssh:HostCertificateAuthority: '{authorityFile}' holds no public key.");
        }

        var trust = new HostCertificateTrust(keys);
        if (!string.IsNullOrEmpty(revokedFile))
        {
            trust.ReadRevoked(revokedFile);
        }

        return trust;
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> may stand for <paramref name="hostName"/> now:
    /// <c>valid</c>, or why not: <c>unknown-ca</c>, <c>not-host</c>, <c>no-principals</c>,
    /// <c>principal-mismatch</c>, <c>not-yet-valid</c>, <c>expired</c>, <c>revoked</c>.
    /// </summary>
    public string Check(Certificate certificate, string keyFingerprint, string hostName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!_authorities.Contains("SHA256:" + certificate.CertificateAuthorityKeyFingerPrint))
        {
            return "unknown-ca";
        }

        if (certificate.Type != Certificate.CertificateType.Host)
        {
            return "not-host";
        }

        if (IsRevoked(certificate, keyFingerprint))
        {
            return "revoked";
        }

        var window = HostCertificateFacts.Window(certificate, now);
        if (window != "valid")
        {
            return window;
        }

        // OpenSSH refuses a host certificate without principals (it would stand for every host).
        if (certificate.ValidPrincipals.Count == 0)
        {
            return "no-principals";
        }

        return certificate.ValidPrincipals.Contains(hostName, StringComparer.OrdinalIgnoreCase) ? "valid" : "principal-mismatch";
    }

    private bool IsRevoked(Certificate certificate, string keyFingerprint) =>
        _revokedSerials.Contains(certificate.Serial)
        || _revokedIds.Contains(certificate.KeyId)
        || _revokedKeys.Contains(keyFingerprint);

    private static bool Added<T>(HashSet<T> set, T value)
    {
        set.Add(value);
        return true;
    }

    private void ReadRevoked(string path)
    {
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (kind, value) = colon > 0 ? (line[..colon], line[(colon + 1)..].Trim()) : ("", "");
            var ok = kind switch
            {
                "serial" => ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var serial) && Added(_revokedSerials, serial),
                "id" => value.Length > 0 && Added(_revokedIds, value),
                "key" => value.StartsWith("SHA256:", StringComparison.Ordinal) && Added(_revokedKeys, value),
                _ => false,
            };
            if (!ok)
            {
                throw new SshConfigurationException($"Ssh:RevokedHostCertificates: '{path}' line {number} is not 'serial:N', 'id:KEY-ID' or 'key:SHA256:...' (binary KRLs are not read).");
            }
        }
    }
}
