using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SshBot.Chat.Teams;

/// <summary>
/// Opens the bot's certificate (<c>Teams:CertificatePath</c>): a PEM file holding the certificate
/// and its key (the key may be encrypted) or a PFX, with the password from
/// <c>Teams:CertificatePasswordFile</c> or <c>Teams:CertificatePassword</c>. A problem is one
/// sentence naming the setting; the key never appears in it.
/// </summary>
public static class TeamsCertificate
{
    /// <exception cref="TeamsAuthException">The file is missing or unreadable, the password wrong, or there is no private key.</exception>
    public static X509Certificate2 Load(TeamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.CertificatePath ?? throw new TeamsAuthException("Teams:CertificatePath is not set.");
        if (!File.Exists(path))
        {
            throw new TeamsAuthException($"Teams:CertificatePath {path} does not exist.");
        }

        var password = Password(options);
        X509Certificate2 certificate;
        try
        {
            certificate = IsPem(path)
                ? LoadPem(path, password)
                : X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            throw new TeamsAuthException($"Teams:CertificatePath {path} could not be opened {(password is null ? "without a password (set Teams:CertificatePasswordFile if its key is encrypted)" : "with the configured password (is it the right one?)")}: {e.Message.TrimEnd('.')}.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new TeamsAuthException($"Teams:CertificatePath {path} could not be read: {e.Message.TrimEnd('.')}.");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new TeamsAuthException($"Teams:CertificatePath {path} holds no private key; the bot signs its token requests with it.");
        }

        return certificate;
    }

    /// <summary>Null when the certificate opens, else why not (for the start-up check).</summary>
    public static string? Check(TeamsOptions options)
    {
        try
        {
            using var certificate = Load(options);
            return null;
        }
        catch (TeamsAuthException e)
        {
            return e.Message.TrimEnd('.');
        }
    }

    private static string? Password(TeamsOptions options)
    {
        if (string.IsNullOrEmpty(options.CertificatePasswordFile))
        {
            return string.IsNullOrEmpty(options.CertificatePassword) ? null : options.CertificatePassword;
        }

        try
        {
            return File.ReadAllText(options.CertificatePasswordFile).TrimEnd('\r', '\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TeamsAuthException($"Teams:CertificatePasswordFile {options.CertificatePasswordFile} could not be read: {e.Message.TrimEnd('.')}.");
        }
    }

    /// <summary>A PEM file without a key holds just the certificate: say so rather than what the parser says.</summary>
    private static X509Certificate2 LoadPem(string path, string? password)
    {
        if (!File.ReadAllText(path).Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }

        return password is null ? X509Certificate2.CreateFromPemFile(path) : X509Certificate2.CreateFromEncryptedPemFile(path, password);
    }

    private static bool IsPem(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> start = stackalloc byte[64];
        var read = file.Read(start);
        return System.Text.Encoding.ASCII.GetString(start[..read]).Contains("-----BEGIN", StringComparison.Ordinal);
    }
}

/// <summary>The bot cannot get a token for the Bot Connector: its message is one sentence for the log or the start-up error.</summary>
public sealed class TeamsAuthException : Exception
{
    public TeamsAuthException()
    {
    }

    public TeamsAuthException(string message)
        : base(message)
    {
    }

    public TeamsAuthException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
