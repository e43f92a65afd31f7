using Renci.SshNet;
using Renci.SshNet.Security;

namespace SshBot.Diagnostics.SshSessions;

/// <summary>
/// The bot's private key (and user certificate, when configured) as SSH.NET signs with it,
/// without the SHA-1 <c>ssh-rsa</c> signature SSH.NET would otherwise also offer for an RSA key.
/// Loaded once; the certificate's validity is read here so a login refused for an expired
/// certificate can say so instead of only "Permission denied".
/// </summary>
public sealed class BotIdentity : IPrivateKeySource, IDisposable
{
    private readonly PrivateKeyFile _key;

    private BotIdentity(PrivateKeyFile key)
    {
        _key = key;
        HostKeyAlgorithms = key.HostKeyAlgorithms.Where(a => !BotAlgorithms.WeakHostKey.Contains(a.Name)).ToArray();
    }

    /// <summary>The signature algorithms offered, certificate first when there is one.</summary>
    public IReadOnlyCollection<HostAlgorithm> HostKeyAlgorithms { get; }

    /// <summary>The user certificate, when one is configured.</summary>
    public Certificate? Certificate => _key.Certificate;

    /// <summary>Loads the key and certificate named by <paramref name="options"/>.</summary>
    /// <exception cref="SshConfigurationException">The key or certificate cannot be used; the message says which.</exception>
    public static BotIdentity Load(SshOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return new BotIdentity(new PrivateKeyFile(options.IdentityFile!, null, string.IsNullOrEmpty(options.CertificateFile) ? null : options.CertificateFile));
        }
        catch (Exception e) when (e is Renci.SshNet.Common.SshException or InvalidOperationException or ArgumentException or FormatException or NotSupportedException or IOException)
        {
            var which = string.IsNullOrEmpty(options.CertificateFile) ? $"Ssh:IdentityFile: the bot's private key '{options.IdentityFile}'" : $"Ssh:IdentityFile/Ssh:CertificateFile: '{options.IdentityFile}' with '{options.CertificateFile}'";
            throw new SshConfigurationException($"{which} cannot be used: {e.Message} (an unencrypted OpenSSH key, and a certificate for that same key, are needed).", e);
        }
    }

    /// <summary>
    /// The user certificate against the clock: <c>valid</c>, <c>expired</c> or <c>not-yet-valid</c>;
    /// null without a certificate.
    /// </summary>
    public string? CertificateStatus(DateTimeOffset now) => Certificate is not { } cert ? null
        : now < cert.ValidAfter ? "not-yet-valid"
        : now >= cert.ValidBefore ? "expired"
        : "valid";

    public void Dispose() => _key.Dispose();
}
