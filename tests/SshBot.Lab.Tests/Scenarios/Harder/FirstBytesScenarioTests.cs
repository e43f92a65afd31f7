using System.Globalization;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios.Harder;

/// <summary>
/// Services that answer on the SSH port with bytes no identification line can start with: a
/// TLS endpoint's alert record and a binary protocol's greeting, each held open with no line
/// end. They are told at once from the first bytes, not waited out as a banner timeout. And a
/// TLS server that closes without a byte (OpenSSL's s_server) is told by its answer to a TLS hello.
/// </summary>
[Collection(LabHosts.Name)]
public sealed class FirstBytesScenarioTests(LabFixture lab)
{
    private static double Number(Sshbot.Run run, string key) => double.Parse(run.Observation(key), CultureInfo.InvariantCulture);

    [Fact]
    public async Task ATlsAlertOnTheSshPortIsNotAnSshServiceAtOnceWithItsBytesShown()
    {
        var run = await Sshbot.RunAsync("diagnose", lab["tlsalert"], "--json", "--no-record", "--timeout", "5");

        Assert.Equal("not-ssh", run.Observation("ssh.banner.status"));
        Assert.Equal("tls", run.Observation("ssh.banner.first_kind"));
        Assert.StartsWith("15 03 03 00 02 02 46 |", run.Observation("ssh.banner.first_bytes"), StringComparison.Ordinal);
        Assert.InRange(Number(run, "ssh.banner.ms"), 0, 1000);
        Assert.Equal("not-an-ssh-service", run.Verdict);
    }

    [Fact]
    public async Task BinaryBytesWithNoLineEndAreNotAnSshServiceAtOnce()
    {
        var run = await Sshbot.RunAsync("diagnose", lab["binary"], "--json", "--no-record", "--timeout", "5");

        Assert.Equal("not-ssh", run.Observation("ssh.banner.status"));
        Assert.Equal("binary", run.Observation("ssh.banner.first_kind"));
        Assert.StartsWith("00 00 00 0c 01 02 7f fe |", run.Observation("ssh.banner.first_bytes"), StringComparison.Ordinal);
        Assert.InRange(Number(run, "ssh.banner.ms"), 0, 1000);
        Assert.Equal("not-an-ssh-service", run.Verdict);
    }

    [Fact]
    public async Task AnOpenSslTlsServerThatClosesSilentlyIsNotAnSshServiceByItsAnswerToATlsHello()
    {
        // openssl s_server closes without a byte on the SSH identification line, like TCP
        // wrappers would; its answer to a ClientHello on a second connection tells it apart.
        var run = await Sshbot.RunAsync("diagnose", lab["tlsport"], "--json", "--no-record", "--timeout", "5");

        Assert.Equal("tls", run.Observation("ssh.banner.tls_check"));
        Assert.Equal("not-ssh", run.Observation("ssh.banner.status"));
        Assert.StartsWith("16 03 03 ", run.Observation("ssh.banner.first_bytes"), StringComparison.Ordinal);
        Assert.Equal("not-an-ssh-service", run.Verdict);
    }

    [Fact]
    public async Task AListenerThatClosesIsStillClosedBeforeBannerAfterTheTlsHelloIsClosedToo()
    {
        // The hangup listener reads before it closes, so both connections end in a clean FIN;
        // the lab's "closes" listener may reset when the identification line beats its close.
        var run = await Sshbot.RunAsync("diagnose", lab["hangup"], "--json", "--no-record");

        Assert.Equal("closed", run.Observation("ssh.banner.tls_check"));
        Assert.Equal("connection-closed-before-banner", run.Verdict);
    }
}
