using System.Net;
using SshBot.Diagnostics.SshSessions;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Tests.Fakes;

namespace SshBot.Diagnostics.Tests.SshSessions;

public sealed class KnownHostsTests : IDisposable
{
    // A real ed25519 public key, made by ssh-keygen for this test.
    private const string Ed25519 = "AAAAC3NzaC1lZDI1NTE5AAAAIHlYNvBcddG7C/bhZODaOgYanMc6h4cyxJsm6BYoIo7x";
    private readonly string _dir = Directory.CreateTempSubdirectory("sshbot-known-hosts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TheFingerprintIsOpenSshsSha256Form()
    {
        var key = HostKeyLine.TryParse("ssh-ed25519", Ed25519)!;

        // What `ssh-keygen -lf` printed for this key.
        Assert.Equal("SHA256:CzPyfjvd1Z3r5c9HAcWpDmB2J1xvk8T2Nsis/V/nDaI", key.Fingerprint);
    }

    [Theory]
    [InlineData("ssh-ed25519", "not base64!")]
    [InlineData("ssh-rsa", Ed25519)]
    [InlineData("ssh-ed25519 x", Ed25519)]
    [InlineData("ssh-ed25519\nevil", Ed25519)]
    public void AnythingButAWellFormedKeyOfItsOwnTypeIsRefused(string type, string blob)
    {
        Assert.Null(HostKeyLine.TryParse(type, blob));
    }

    [Fact]
    public void PinningReplacesTheNamesOldKeysAndKeepsEveryOtherLine()
    {
        var path = Path.Combine(_dir, "known_hosts");
        File.WriteAllText(path, "# comment\nweb-01,10.1.2.3 ssh-ed25519 AAAAold\n[web-01]:2222 ssh-ed25519 AAAAother\n@cert-authority *.corp ssh-ed25519 AAAAca\n");
        var key = HostKeyLine.TryParse("ssh-ed25519", Ed25519)!;

        var removed = KnownHostsFile.Pin(path, "web-01", [key]);

        Assert.Equal(1, removed);
        Assert.Equal(
            ["# comment", "10.1.2.3 ssh-ed25519 AAAAold", "[web-01]:2222 ssh-ed25519 AAAAother", "@cert-authority *.corp ssh-ed25519 AAAAca", $"web-01 ssh-ed25519 {Ed25519}"],
            File.ReadAllLines(path));
        Assert.Equal([key], KnownHostsFile.Find(path, "web-01"));
        Assert.Empty(KnownHostsFile.Find(path, "[web-01]:2222"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void PinningCreatesTheFileAndItsDirectory()
    {
        var path = Path.Combine(_dir, "new", "known_hosts");

        KnownHostsFile.Pin(path, "[10.1.2.3]:2222", [HostKeyLine.TryParse("ssh-ed25519", Ed25519)!]);

        Assert.Equal([$"[10.1.2.3]:2222 ssh-ed25519 {Ed25519}"], File.ReadAllLines(path));
    }
}
