using NSubstitute;
using System.Text;
using SshBot.Diagnostics.Tests.Fakes;

namespace SshBot.Diagnostics.Tests.Probes;

public sealed class IdentifyTests
{
    private static Task<SshBot.Diagnostics.Engine.Diagnosis> Diagnose(ScriptedStream server) =>
        new Probe().Serves(server).RunAsync("198.18.0.10");

    [Fact]
    public async Task TheIdentificationLineIsParsedIntoSoftwareAndVersion()
    {
        var result = await Diagnose(new ScriptedStream().Send(ServerBytes.Banner).Send(ServerBytes.KexInitPacket(ServerBytes.Modern)));

        var o = result.Observations;
        Assert.Equal("received", o["ssh.banner.status"].Text);
        Assert.Equal("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3", o["ssh.banner.line"].Text);
        Assert.Equal("OpenSSH", o["ssh.banner.product"].Text);
        Assert.Equal(9.2, o["ssh.banner.version"].Number);
        Assert.Equal("Debian-2+deb12u3", o["ssh.banner.comments"].Text);
    }

    [Fact]
    public async Task TheProbeSendsItsOwnLineAtOnceAndNothingElseBeforeTheServersLine()
    {
        var server = new ScriptedStream().Hang();

        await Diagnose(server);

        Assert.Equal("sent 20", server.Events[0]);
        Assert.Equal("SSH-2.0-SshBot_0.1\r\n", Encoding.ASCII.GetString(server.Written.ToArray()));
    }

    [Fact]
    public async Task ARefusalLineFollowedByAResetIsClosedBeforeBannerWithTheLineKept()
    {
        var result = await Diagnose(new ScriptedStream().Send("Exceeded MaxStartups\r\n").Reset());

        Assert.Equal("closed-before-banner", result.Observations["ssh.banner.status"].Text);
        Assert.Equal(["Exceeded MaxStartups"], result.Observations["ssh.banner.pre_lines"].Items);
    }

    [Fact]
    public async Task LinesBeforeTheBannerAreKeptAndAClosureAfterThemIsClosedBeforeBanner()
    {
        var result = await Diagnose(new ScriptedStream().Send("Exceeded MaxStartups\r\n"));

        Assert.Equal("closed-before-banner", result.Observations["ssh.banner.status"].Text);
        Assert.Equal(["Exceeded MaxStartups"], result.Observations["ssh.banner.pre_lines"].Items);
    }

    [Fact]
    public async Task AResetMidBannerIsObservedAsAReset()
    {
        var result = await Diagnose(new ScriptedStream().Send("SSH-2.0-Open").Reset());

        Assert.Equal("reset", result.Observations["ssh.banner.status"].Text);
        Assert.Equal("skipped", result.Stages.Single(s => s.Name == "negotiate").StatusText);
    }

    [Fact]
    public async Task SilenceUntilTheTimeoutIsABannerTimeout()
    {
        var result = await Diagnose(new ScriptedStream().Hang());

        Assert.Equal("timeout", result.Observations["ssh.banner.status"].Text);
    }

    [Fact]
    public async Task AHalfLineFollowedBySilenceIsATimeoutNotAForeignService()
    {
        var result = await Diagnose(new ScriptedStream().Send("SSH-2.0-Open").Hang());

        Assert.Equal("timeout", result.Observations["ssh.banner.status"].Text);
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\n")]
    [InlineData("220 mail.example.com ESMTP\r\n")]
    [InlineData("+OK POP3 ready\r\n")]
    public async Task AnotherProtocolsGreetingIsNotSsh(string greeting)
    {
        var result = await Diagnose(new ScriptedStream().Send(greeting).Hang());

        Assert.Equal("not-ssh", result.Observations["ssh.banner.status"].Text);
        Assert.Equal(greeting.TrimEnd(), result.Observations["ssh.banner.reply"].Text);
    }

    [Fact]
    public async Task BinaryBytesAreNotSsh()
    {
        var result = await Diagnose(new ScriptedStream().Send([0x16, 0x03, 0x01, 0x00, 0x05, 0x0A]));

        Assert.Equal("not-ssh", result.Observations["ssh.banner.status"].Text);
    }

    [Theory]
    [InlineData(new byte[] { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46 }, "tls")]
    [InlineData(new byte[] { 0x16, 0x03, 0x03, 0x00, 0x7A, 0x02, 0x00, 0x00, 0x76 }, "tls")]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x0C, 0x01, 0x02 }, "binary")]
    [InlineData(new byte[] { 0x4A, 0x00, 0x00, 0x00, 0x0A, 0x38 }, "binary")]
    public async Task BytesThatCannotStartALineAreNotSshAtOnceWithTheBytesShown(byte[] first, string kind)
    {
        // The server then holds the connection open without a line end: nothing more is waited for.
        var server = new ScriptedStream().Send(first).Hang();
        var probe = new Probe { Options = new SshBot.Diagnostics.Engine.DiagnosisOptions().WithNetworkTimeout(TimeSpan.FromSeconds(30)) }.Serves(server);

        var result = await probe.RunAsync("198.18.0.10");

        var o = result.Observations;
        Assert.Equal("not-ssh", o["ssh.banner.status"].Text);
        Assert.Equal(kind, o["ssh.banner.first_kind"].Text);
        Assert.StartsWith(string.Join(' ', first.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))) + " |", o["ssh.banner.first_bytes"].Text, StringComparison.Ordinal);
        Assert.InRange(o["ssh.banner.ms"].Number, 0, 1000);
    }

    [Fact]
    public async Task AServerThatClosesSilentlyOnTheSshLineButAnswersATlsHelloIsATlsService()
    {
        // OpenSSL servers close without a byte on a first record that is not TLS.
        var tls = new ScriptedStream().Send([0x16, 0x03, 0x03, 0x00, 0x5A, 0x02, 0x00, 0x00, 0x56]).Hang();
        var probe = new Probe();
        probe.Connector.ConnectAsync(Arg.Any<System.Net.IPEndPoint>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<Stream>(new ScriptedStream()), Task.FromResult<Stream>(tls));

        var result = await probe.RunAsync("198.18.0.10");

        var o = result.Observations;
        Assert.Equal("not-ssh", o["ssh.banner.status"].Text);
        Assert.Equal("tls", o["ssh.banner.tls_check"].Text);
        Assert.StartsWith("16 03 03 00 5a 02 00 00 56 |", o["ssh.banner.first_bytes"].Text, StringComparison.Ordinal);
        Assert.Equal(0x16, tls.Written.ToArray()[0]);
    }

    [Fact]
    public async Task AListenerThatClosesOnTheTlsHelloTooStaysClosedBeforeBanner()
    {
        var probe = new Probe();
        probe.Connector.ConnectAsync(Arg.Any<System.Net.IPEndPoint>(), Arg.Any<CancellationToken>())
            .Returns(_ => Task.FromResult<Stream>(new ScriptedStream()));

        var result = await probe.RunAsync("198.18.0.10");

        Assert.Equal("closed-before-banner", result.Observations["ssh.banner.status"].Text);
        Assert.Equal("closed", result.Observations["ssh.banner.tls_check"].Text);
    }

    [Fact]
    public async Task ALineThatIsNeverEndedIsShownAsTheServicesAnswerAtTheTimeout()
    {
        var result = await Diagnose(new ScriptedStream().Send("hello there").Hang());

        Assert.Equal("not-ssh", result.Observations["ssh.banner.status"].Text);
        Assert.Equal("hello there", result.Observations["ssh.banner.reply"].Text);
        Assert.Equal("text", result.Observations["ssh.banner.first_kind"].Text);
    }

    [Fact]
    public async Task AnHttpReplyWithoutALineEndIsNotSshAtOnce()
    {
        var server = new ScriptedStream().Send("HTTP/1.0 200 OK").Hang();
        var probe = new Probe { Options = new SshBot.Diagnostics.Engine.DiagnosisOptions().WithNetworkTimeout(TimeSpan.FromSeconds(30)) }.Serves(server);

        var result = await probe.RunAsync("198.18.0.10");

        Assert.Equal("not-ssh", result.Observations["ssh.banner.status"].Text);
        Assert.Equal("http", result.Observations["ssh.banner.first_kind"].Text);
    }

    [Fact]
    public async Task AUtf8LineBeforeTheBannerIsAllowed()
    {
        var result = await Diagnose(new ScriptedStream().Send(Encoding.UTF8.GetBytes("Grüße\r\n")).Send(ServerBytes.Banner).Send(ServerBytes.KexInitPacket(ServerBytes.Modern)));

        Assert.Equal("received", result.Observations["ssh.banner.status"].Text);
        Assert.Equal(["Gr....e"], result.Observations["ssh.banner.pre_lines"].Items);
    }

    [Fact]
    public async Task AnEndlessLineIsCutAtTheLimitAndCalledNotSsh()
    {
        var result = await Diagnose(new ScriptedStream().Send(new string('x', 100_000)).Hang());

        Assert.Equal("not-ssh", result.Observations["ssh.banner.status"].Text);
        Assert.True(result.Observations["ssh.banner.reply"].Text!.Length <= 210);
    }

    [Fact]
    public async Task EndlessPreBannerLinesStopAtTheLimit()
    {
        var server = new ScriptedStream();
        for (var i = 0; i < 1000; i++)
        {
            server.Send($"hello {i}\r\n");
        }

        var result = await Diagnose(server);

        Assert.Equal("not-ssh", result.Observations["ssh.banner.status"].Text);
        Assert.True(result.Observations["ssh.banner.pre_lines"].Items.Count <= 33);
    }

    [Fact]
    public async Task AProtocolOneOnlyServerIsRecordedAndNotNegotiated()
    {
        var result = await Diagnose(new ScriptedStream().Send("SSH-1.5-OldServer_1.2\r\n"));

        Assert.Equal("1.5", result.Observations["ssh.banner.protocol"].Text);
        Assert.Equal("failed", result.Stages.Single(s => s.Name == "identify").StatusText);
    }
}
