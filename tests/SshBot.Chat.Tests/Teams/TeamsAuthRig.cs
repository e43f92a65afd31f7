using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using SshBot.Chat.Teams;
using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Teams;

/// <summary>
/// The bot's real token sources and Connector client, with MSAL's HTTP (its own client factory)
/// pointed at a fake Entra on loopback, and a fake Bot Connector that records the bearer token.
/// </summary>
internal sealed class TeamsAuthRig : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TeamsAuthRig(FakeEntra entra, FakeBotFramework connector, ServiceProvider services, CollectingLogs logs, string directory, TeamsOptions options)
    {
        (Entra, Connector, _services, Logs, Directory, Options) = (entra, connector, services, logs, directory, options);
    }

    /// <summary>The Teams settings; change them before <see cref="Source"/>.</summary>
    public TeamsOptions Options { get; }

    public FakeEntra Entra { get; }

    public FakeBotFramework Connector { get; }

    public CollectingLogs Logs { get; }

    /// <summary>A temporary directory for certificates and password files.</summary>
    public string Directory { get; }

    public static async Task<TeamsAuthRig> StartAsync()
    {
        var entra = await FakeEntra.StartAsync();
        var connector = await FakeBotFramework.StartAsync();
        var logs = new CollectingLogs();
        var directory = System.IO.Directory.CreateTempSubdirectory("sshbot-teams-auth-").FullName;
        var options = new TeamsOptions { AppId = FakeBotFramework.AppId };
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace));
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.AddSingleton(TimeProvider.System);
        services.AddHttpClient();
        services.AddHttpClient(MsalHttpClients.Name).ConfigurePrimaryHttpMessageHandler(entra.Redirect);
        services.AddSingleton<IMsalHttpClientFactory, MsalHttpClients>();
        return new TeamsAuthRig(entra, connector, services.BuildServiceProvider(), logs, directory, options);
    }

    /// <summary>The token source Teams:Auth names, made as the server makes it.</summary>
    public ITeamsTokenSource Source() => TeamsAuth.Create(_services);

    public BotConnectorClient Client(ITeamsTokenSource source) =>
        new(_services.GetRequiredService<IHttpClientFactory>(), _services.GetRequiredService<IOptions<TeamsOptions>>(), TimeProvider.System, source);

    /// <summary>A self-signed RSA certificate with its key, as a bot owner would make one.</summary>
    public static X509Certificate2 NewCertificate(string subject = "CN=sshbot-test")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>The certificate and its key in one PEM file (the key encrypted when a password is given).</summary>
    public string WritePem(X509Certificate2 certificate, string? password = null, bool withKey = true)
    {
        var path = Path.Combine(Directory, Guid.NewGuid().ToString("N") + ".pem");
        var pem = certificate.ExportCertificatePem() + "\n";
        if (withKey)
        {
            using var key = certificate.GetRSAPrivateKey()!;
            pem += password is null
                ? key.ExportPkcs8PrivateKeyPem()
                : key.ExportEncryptedPkcs8PrivateKeyPem(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000));
        }

        File.WriteAllText(path, pem);
        return path;
    }

    public string WritePfx(X509Certificate2 certificate, string password)
    {
        var path = Path.Combine(Directory, Guid.NewGuid().ToString("N") + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Entra.DisposeAsync();
        await Connector.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
