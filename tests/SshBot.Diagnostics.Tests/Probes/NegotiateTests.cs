using System.Text;
using SshBot.Diagnostics.Probes.Negotiate;
using SshBot.Diagnostics.Tests.Fakes;

namespace SshBot.Diagnostics.Tests.Probes;

public sealed class NegotiateTests
{
    private static Task<SshBot.Diagnostics.Engine.Diagnosis> Diagnose(params byte[][] afterBanner)
    {
        var server = new ScriptedStream().Send(ServerBytes.Banner);
        foreach (var chunk in afterBanner)
        {
            server.Send(chunk);
        }

        return new Probe().Serves(server).RunAsync("198.18.0.10");
    }

    [Fact]
    public async Task EveryServerAlgorithmListIsRecordedInOrder()
    {
        var result = await Diagnose(ServerBytes.KexInitPacket(ServerBytes.Modern));

        var o = result.Observations;
        Assert.Equal("received", o["ssh.kex.status"].Text);
        Assert.Equal(ServerBytes.Modern.Kex, o["ssh.kex.kex"].Items);
        Assert.Equal(ServerBytes.Modern.HostKey, o["ssh.kex.hostkey"].Items);
        Assert.Equal(ServerBytes.Modern.CipherClientToServer, o["ssh.kex.cipher_c2s"].Items);
        Assert.Equal(ServerBytes.Modern.MacServerToClient, o["ssh.kex.mac_s2c"].Items);
        Assert.Empty(o["ssh.kex.mismatch.kex"].Items);
    }

    [Fact]
    public async Task TheProbeSendsAWellFormedKexInitAfterItsIdentification()
    {
        var server = new ScriptedStream().Send(ServerBytes.Banner).Send(ServerBytes.KexInitPacket(ServerBytes.Modern));
        await new Probe().Serves(server).RunAsync("198.18.0.10");

        var written = server.Written.ToArray();
        var afterLine = Array.IndexOf(written, (byte)'\n') + 1;
        var wire = new SshBot.Diagnostics.Probes.SshWire(new MemoryStream(written[afterLine..]));
        var sent = KexInitCodec.Parse(await SshPacket.ReadAsync(wire, TestContext.Current.CancellationToken));
        Assert.Contains("curve25519-sha256", sent.Kex);
        Assert.Contains("diffie-hellman-group1-sha1", sent.Kex);
    }

    [Fact]
    public async Task AnObsoleteOnlyKexNamesTheClientsThatCannotConnect()
    {
        var server = ServerBytes.Modern with { Kex = ["diffie-hellman-group1-sha1"] };

        var result = await Diagnose(ServerBytes.KexInitPacket(server));

        Assert.Equal(["openssh-current", "openssh-7.4", "windows-openssh"], result.Observations["ssh.kex.mismatch.kex"].Items);
    }

    [Fact]
    public async Task AnSshRsaOnlyHostKeyFailsCurrentOpenSshButNotOlderClients()
    {
        var result = await Diagnose(ServerBytes.KexInitPacket(ServerBytes.Modern with { HostKey = ["ssh-rsa"] }));

        Assert.Equal(["openssh-current"], result.Observations["ssh.kex.mismatch.hostkey"].Items);
    }

    [Fact]
    public async Task CbcOnlyCiphersFailCurrentAndWindowsOpenSsh()
    {
        string[] cbc = ["aes128-cbc", "aes256-cbc"];

        var result = await Diagnose(ServerBytes.KexInitPacket(ServerBytes.Modern with { CipherClientToServer = cbc, CipherServerToClient = cbc }));

        Assert.Equal(["openssh-current", "windows-openssh"], result.Observations["ssh.kex.mismatch.cipher"].Items);
    }

    [Fact]
    public async Task NoCommonMacMattersOnlyWhenNoAeadCipherIsCommon()
    {
        var aead = ServerBytes.Modern with { MacClientToServer = ["hmac-md5"], MacServerToClient = ["hmac-md5"] };
        var ctrOnly = aead with { CipherClientToServer = ["aes128-ctr"], CipherServerToClient = ["aes128-ctr"] };

        var withAead = await Diagnose(ServerBytes.KexInitPacket(aead));
        var withoutAead = await Diagnose(ServerBytes.KexInitPacket(ctrOnly));

        Assert.Empty(withAead.Observations["ssh.kex.mismatch.mac"].Items);
        Assert.Contains("openssh-current", withoutAead.Observations["ssh.kex.mismatch.mac"].Items);
        Assert.DoesNotContain("putty-0.7x", withoutAead.Observations["ssh.kex.mismatch.mac"].Items);
    }

    [Fact]
    public async Task IgnoreAndDebugPacketsBeforeTheKexInitAreSkipped()
    {
        var ignore = SshPacket.Frame([2, 0, 0, 0, 0]);

        var result = await Diagnose(ignore, ignore, ServerBytes.KexInitPacket(ServerBytes.Modern));

        Assert.Equal("received", result.Observations["ssh.kex.status"].Text);
    }

    [Fact]
    public async Task ATruncatedPacketIsMalformedNotACrash()
    {
        var whole = ServerBytes.KexInitPacket(ServerBytes.Modern);

        var result = await Diagnose(whole[..(whole.Length / 2)]);

        Assert.Equal("malformed", result.Observations["ssh.kex.status"].Text);
        Assert.Contains("truncated", result.Observations["ssh.kex.error"].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOversizedPacketLengthIsRefusedBeforeAnythingIsAllocated()
    {
        var result = await Diagnose(ServerBytes.RawPacket(0xFFFFFFF0, 4, new byte[16]));

        Assert.Equal("malformed", result.Observations["ssh.kex.status"].Text);
        Assert.Contains("exceeds", result.Observations["ssh.kex.error"].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APacketLengthThatPromisesMoreThanArrivesTimesOut()
    {
        var server = new ScriptedStream().Send(ServerBytes.Banner).Send(ServerBytes.RawPacket(1000, 4, new byte[20])).Hang();

        var result = await new Probe().Serves(server).RunAsync("198.18.0.10");

        Assert.Equal("timeout", result.Observations["ssh.kex.status"].Text);
    }

    [Fact]
    public async Task APaddingLengthLargerThanThePacketIsMalformed()
    {
        var result = await Diagnose(ServerBytes.RawPacket(12, 200, new byte[11]));

        Assert.Equal("malformed", result.Observations["ssh.kex.status"].Text);
        Assert.Contains("padding length 200", result.Observations["ssh.kex.error"].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANameListLengthThatLiesIsMalformed()
    {
        var payload = KexInitCodec.Write(ServerBytes.Modern);
        // The first name-list length sits after the message number and the 16-byte cookie.
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(17), 0x7FFFFFFF);

        var result = await Diagnose(SshPacket.Frame(payload));

        Assert.Equal("malformed", result.Observations["ssh.kex.status"].Text);
        Assert.Contains("name-list 1 claims", result.Observations["ssh.kex.error"].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANameListWithControlBytesIsMalformed()
    {
        var payload = KexInitCodec.Write(ServerBytes.Modern with { Kex = ["curve25519-sha256"] });
        payload[21] = 0x00;

        var result = await Diagnose(SshPacket.Frame(payload));

        Assert.Equal("malformed", result.Observations["ssh.kex.status"].Text);
    }

    [Fact]
    public async Task AMessageOtherThanKexInitIsMalformed()
    {
        var result = await Diagnose(SshPacket.Frame([21]));

        Assert.Equal("malformed", result.Observations["ssh.kex.status"].Text);
        Assert.Contains("got message 21", result.Observations["ssh.kex.error"].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerDisconnectIsRecordedWithItsMessage()
    {
        var text = Encoding.ASCII.GetBytes("Too many connections");
        byte[] payload = [1, 0, 0, 0, 2, 0, 0, 0, (byte)text.Length, .. text, 0, 0, 0, 0];

        var result = await Diagnose(SshPacket.Frame(payload));

        Assert.Equal("disconnect", result.Observations["ssh.kex.status"].Text);
        Assert.Contains("Too many connections", result.Observations["ssh.kex.error"].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClosureRightAfterTheBannerIsClosed()
    {
        var result = await Diagnose();

        Assert.Equal("closed", result.Observations["ssh.kex.status"].Text);
    }

    [Fact]
    public async Task AResetAfterTheBannerIsAReset()
    {
        var server = new ScriptedStream().Send(ServerBytes.Banner).Reset();

        var result = await new Probe().Serves(server).RunAsync("198.18.0.10");

        Assert.Equal("reset", result.Observations["ssh.kex.status"].Text);
    }

    [Fact]
    public void TheCodecReadsBackWhatItWrites()
    {
        var parsed = KexInitCodec.Parse(KexInitCodec.Write(ServerBytes.Modern));

        Assert.Equal(ServerBytes.Modern.Kex, parsed.Kex);
        Assert.Equal(ServerBytes.Modern.CompressionServerToClient, parsed.CompressionServerToClient);
    }
}
