using Renci.SshNet;

namespace SshBot.Diagnostics.SshSessions;

/// <summary>
/// What the bot offers in its own key exchange. SSH.NET offers SHA-1 key exchange, <c>ssh-rsa</c>
/// (SHA-1) signatures, CBC and 3DES ciphers, SHA-1 MACs and zlib by default; the bot offers none
/// of them, so a server that speaks only those is reported as unreachable for the bot instead of
/// being logged into over a weak channel. Host certificate algorithms are offered only when a
/// host CA is configured: without one a certificate proves nothing the bot could check.
/// </summary>
public static class BotAlgorithms
{
    /// <summary>Key exchange methods the bot never offers.</summary>
    public static IReadOnlySet<string> WeakKeyExchange { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1",
    };

    /// <summary>Host key and signature algorithms the bot never offers (SHA-1 RSA signatures).</summary>
    public static IReadOnlySet<string> WeakHostKey { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "ssh-rsa", "ssh-rsa-cert-v01@openssh.com", "ssh-dss",
    };

    /// <summary>MACs the bot never offers.</summary>
    public static IReadOnlySet<string> WeakMac { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "hmac-sha1", "hmac-sha1-etm@openssh.com", "hmac-sha1-96", "hmac-md5", "hmac-md5-96",
    };

    /// <summary>True for a cipher the bot never offers: any CBC mode, 3DES, arcfour.</summary>
    public static bool IsWeakCipher(string name) =>
        name.EndsWith("-cbc", StringComparison.Ordinal) || name.StartsWith("3des", StringComparison.Ordinal) || name.StartsWith("arcfour", StringComparison.Ordinal);

    /// <summary>Removes the weak algorithms from <paramref name="connection"/>'s lists and prefers encrypt-then-MAC.</summary>
    public static void Restrict(ConnectionInfo connection, bool offerHostCertificates)
    {
        ArgumentNullException.ThrowIfNull(connection);
        RemoveWhere(connection.KeyExchangeAlgorithms, WeakKeyExchange.Contains);
        RemoveWhere(connection.Encryptions, IsWeakCipher);
        RemoveWhere(connection.HmacAlgorithms, WeakMac.Contains);
        RemoveWhere(connection.HostKeyAlgorithms, n => WeakHostKey.Contains(n) || (!offerHostCertificates && IsCertificate(n)));
        RemoveWhere(connection.CompressionAlgorithms, n => n != "none");
        foreach (var etm in connection.HmacAlgorithms.Keys.Where(n => n.EndsWith("-etm@openssh.com", StringComparison.Ordinal)).Reverse().ToArray())
        {
            connection.HmacAlgorithms.SetPosition(etm, 0);
        }
    }

    /// <summary>True for an OpenSSH certificate algorithm name (<c>*-cert-v01@openssh.com</c>).</summary>
    public static bool IsCertificate(string algorithm) => algorithm.Contains("-cert-v01@openssh.com", StringComparison.Ordinal);

    private static void RemoveWhere<T>(IOrderedDictionary<string, T> algorithms, Func<string, bool> weak)
    {
        foreach (var name in algorithms.Keys.Where(weak).ToArray())
        {
            algorithms.Remove(name, out _);
        }
    }
}
