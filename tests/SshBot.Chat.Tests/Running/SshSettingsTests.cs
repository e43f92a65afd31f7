using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SshBot.Chat.Hosting;
using SshBot.Chat.Running;
using SshBot.Diagnostics.SshSessions;

namespace SshBot.Chat.Tests.Running;

/// <summary>The Ssh section: defaults, and one clear error at start-up for a key the bot cannot use.</summary>
public sealed class SshSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sshbot-ssh-settings-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void NoSectionMeansNoIdentityAndKnownHostsInTheDataDirectory()
    {
        var options = SshSettings.Resolve(Config(), _dir);

        Assert.False(options.HasIdentity);
        Assert.Equal(Path.Combine(_dir, "known_hosts"), options.KnownHostsFile);
    }

    [Fact]
    public void EverySettingIsRead()
    {
        var key = Path.Combine(_dir, "id_ed25519");
        using (var keygen = System.Diagnostics.Process.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key]))
        {
            keygen.WaitForExit();
        }

        var revoked = Path.Combine(_dir, "revoked");
        File.WriteAllText(revoked, "serial:7\n");

        var options = SshSettings.Resolve(
            Config(("Ssh:IdentityFile", key), ("Ssh:User", "sshbot"), ("Ssh:JumpHost", "hop@bastion:2200"), ("Ssh:KnownHostsFile", Path.Combine(_dir, "kh")), ("Ssh:ConnectTimeout", "7"), ("Ssh:MaxConcurrentSessions", "4"),
                ("Ssh:HostCertificateAuthority", key + ".pub"), ("Ssh:RevokedHostCertificates", revoked)),
            _dir);
        var older = SshSettings.Resolve(Config(("Ssh:MaxConcurrentRuns", "3")), _dir);

        Assert.Equal((key, "sshbot", "hop@bastion:2200", Path.Combine(_dir, "kh"), TimeSpan.FromSeconds(7), 4), (options.IdentityFile, options.User, options.JumpHost, options.KnownHostsFile, options.ConnectTimeout, options.MaxConcurrentSessions));
        Assert.Equal((key + ".pub", revoked), (options.HostCertificateAuthority, options.RevokedHostCertificates));
        Assert.Equal(3, older.MaxConcurrentSessions);
    }

    [Fact]
    public async Task ServeRefusesToStartWithAMissingKeyAndSaysWhich()
    {
        var missing = Path.Combine(_dir, "no_such_key");

        var e = await Assert.ThrowsAsync<SshConfigurationException>(() => ChatServer.BuildAsync([], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataDirectory"] = _dir,
                ["Ssh:IdentityFile"] = missing,
            });
        }, TestContext.Current.CancellationToken));

        Assert.Equal($"Ssh:IdentityFile (--identity): the bot's private key '{missing}' does not exist.", e.Message);
    }
}
