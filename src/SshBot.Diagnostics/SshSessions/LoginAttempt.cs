using System.Collections.Concurrent;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Security;

namespace SshBot.Diagnostics.SshSessions;

/// <summary>
/// One SSH.NET connection of the bot, from the socket to the end of authentication: it builds
/// the <see cref="ConnectionInfo"/> (the bot's identity, the restricted algorithms, pinned key
/// types first), decides on the host key in <c>HostKeyReceived</c> before any authentication,
/// and keeps what the server said (identification, banner, certificate, offered methods) so
/// <see cref="LoginFailures"/> can say exactly why a login failed.
/// </summary>
internal sealed class LoginAttempt : IDisposable
{
    private static readonly string[] RsaSignatures = ["rsa-sha2-512", "rsa-sha2-256"];

    private const int MaxBannerChars = 1000;

    private readonly HostKeyRequest _request;
    private readonly PrivateKeyAuthenticationMethod _publicKey;
    private readonly ConcurrentQueue<string> _offered = new();

    public LoginAttempt(HostKeyRequest request, string dialHost, int dialPort, string user, BotIdentity identity, TimeSpan timeout)
    {
        _request = request;
        User = user;
        _publicKey = new PrivateKeyAuthenticationMethod(user, identity);
        var methods = new List<AuthenticationMethod> { _publicKey };
        methods.AddRange(OfferedMethodProbe.Names.Select(n => new OfferedMethodProbe(user, n, _offered.Enqueue)));
        Connection = new ConnectionInfo(dialHost, dialPort, user, [.. methods]) { Timeout = timeout };
        BotAlgorithms.Restrict(Connection, request.Trust is not null);
        PreferPinnedTypes();
        CaptureCertificates();
        Connection.AuthenticationBanner += (_, e) => Banner = e.BannerMessage is { Length: > MaxBannerChars } b ? b[..MaxBannerChars] : e.BannerMessage;
    }

    public ConnectionInfo Connection { get; }

    public string User { get; }

    public string? ServerVersion { get; private set; }

    public string? Banner { get; private set; }

    /// <summary>The host key presented (the certified key for a certificate), once the key exchange verified it.</summary>
    public HostKeyLine? Presented { get; private set; }

    /// <summary>What the bot decided about <see cref="Presented"/>; null until then.</summary>
    public HostKeyDecision? Decision { get; private set; }

    /// <summary>A host certificate the server sent, parsed when SSH.NET read it (before it checks the window).</summary>
    public Certificate? Certificate { get; private set; }

    /// <summary>The certified key's fingerprint of <see cref="Certificate"/>.</summary>
    public string? CertificateKeyFingerprint { get; private set; }

    public HostKeyRequest Request => _request;

    /// <summary>The methods the server said can continue, as far as the bot learned them.</summary>
    public IReadOnlyList<string> OfferedMethods =>
        [.. (_publicKey.AllowedAuthentications ?? []).Concat(_offered).Distinct(StringComparer.Ordinal).Take(20)];

    /// <summary>Wires the events of <paramref name="client"/> to this attempt.</summary>
    public void Attach(SshClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.ServerIdentificationReceived += (_, e) => ServerVersion = e.SshIdentification.ToString();
        client.HostKeyReceived += OnHostKey;
    }

    private void OnHostKey(object? sender, HostKeyEventArgs e)
    {
        var type = HostKeyLine.TypeOf(e.HostKey);
        Presented = type is null ? null : new HostKeyLine(type, Convert.ToBase64String(e.HostKey));
        if (Presented is null)
        {
            Decision = new HostKeyDecision(false, "unknown", null, $"The server presented a host key the bot cannot read ({e.HostKeyName}).");
        }
        else
        {
            Certificate = e.Certificate ?? Certificate;
            Decision = HostKeyCheck.Decide(_request.KnownHostsName, _request.Principal, Presented, _request.Pinned, e.Certificate, _request.Trust, _request.Now);
        }

        e.CanTrust = Decision.Trusted;
    }

    /// <summary>Frees the authentication method's wait handle; the bot's key stays loaded.</summary>
    public void Dispose() => _publicKey.Dispose();

    /// <summary>The types pinned for this host go first, as OpenSSH orders them, so a pinned key is the one presented.</summary>
    private void PreferPinnedTypes()
    {
        var algorithms = Connection.HostKeyAlgorithms;
        var preferred = _request.Pinned.Select(k => k.KeyType).Distinct()
            .SelectMany(t => t == "ssh-rsa" ? RsaSignatures : [t])
            .Where(algorithms.ContainsKey)
            .ToArray();
        var position = _request.Trust is null ? 0 : algorithms.Keys.Count(BotAlgorithms.IsCertificate);
        foreach (var name in preferred.Reverse())
        {
            algorithms.SetPosition(name, position);
        }
    }

    /// <summary>
    /// SSH.NET refuses a host certificate outside its validity window before <c>HostKeyReceived</c>,
    /// with a generic message; reading the certificate as it arrives lets the bot say which bound failed.
    /// </summary>
    private void CaptureCertificates()
    {
        var algorithms = Connection.HostKeyAlgorithms;
        foreach (var name in algorithms.Keys.Where(BotAlgorithms.IsCertificate).ToArray())
        {
            var create = algorithms[name];
            algorithms[name] = blob =>
            {
                try
                {
                    Certificate = new Certificate(blob);
                    CertificateKeyFingerprint = HostCertificateFacts.KeyFingerprint(blob);
                }
                catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or SshException or IndexOutOfRangeException)
                {
                    // SSH.NET's own parse below reports the malformed certificate.
                }

                return create(blob);
            };
        }
    }
}

/// <summary>Whose key the bot expects: the names it is checked under, the keys pinned, the CA, the time.</summary>
internal sealed record HostKeyRequest(string KnownHostsName, string Principal, IReadOnlyList<HostKeyLine> Pinned, HostCertificateTrust? Trust, DateTimeOffset Now);
