using SshBot.Diagnostics.Inspection;

namespace SshBot.Diagnostics.Tests.Inspection;

public sealed class FramingTests
{
    [Theory]
    [InlineData("ubuntu-fail2ban-ufw-overloaded.txt")]
    [InlineData("lab-healthy-root.txt")]
    public void ATranscriptCutAnywhereNeverThrowsAndKeepsOnlyWholeSections(string fixture)
    {
        var text = InspectionFixtures.Read(fixture);
        var whole = InspectionParser.Parse(text, 22);
        for (var cut = 0; cut <= text.Length; cut += 13)
        {
            var partial = InspectionParser.Parse(text[..cut], 22);
            foreach (var (key, value) in partial.Observations)
            {
                if (key is not "host.inspect.unavailable" and not "host.firewall.rules" and not "host.bans" and not "host.sshd.log")
                {
                    Assert.Equal(whole.Observations[key], value);
                }
            }
        }
    }

    [Fact]
    public void ASectionCutOffIsIncompleteAndContributesNothing()
    {
        var text = InspectionFixtures.Read("ubuntu-fail2ban-ufw-overloaded.txt");
        var cut = text[..(text.IndexOf("clientaliveinterval 0", StringComparison.Ordinal) + 10)];

        var report = InspectionParser.Parse(cut, 22);

        Assert.Null(report.Get("host.sshd.maxsessions"));
        Assert.Contains("sshd-T 812: incomplete", report.List("host.inspect.unavailable"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Permission denied (publickey).")]
    [InlineData("@@section")]
    [InlineData("@@section \n@@status ok\n@@end")]
    [InlineData("@@status ok\n@@end\n@@end")]
    [InlineData("@@section load\n@@section load\nloadavg=1 1 1 1/1 1\n@@status\n@@end")]
    [InlineData("@@section load\nloadavg=\ncpus=0\n@@status ok\n@@end")]
    [InlineData("@@section disk\nFilesystem\n/dev/x 1 1 1 %% /\n/dev/y a b c 1000000000000% /z\n@@status ok\n@@end")]
    [InlineData("@@section listening\n# ss\nLISTEN 0 0 :\nLISTEN x y z:99999999999 users:((\"sshd\",pid=99999999999\n@@status ok\n@@end")]
    [InlineData("@@section firewall-nft\ntable inet t {\nset bans {\nelements = { 10.0.0.1,\n@@status ok\n@@end")]
    [InlineData("\0\u0001\u00ff@@section meta\r\nclient=not-an-address\r\n@@status ok\r\n@@end\r\n")]
    public void GarbledOutputNeverThrows(string text)
    {
        var report = InspectionParser.Parse(text, 22);

        Assert.NotNull(report.Observations);
    }

    [Fact]
    public void NoFramesMeansNotRecognized()
    {
        Assert.False(InspectionParser.Parse("sh: 1: awk: not found\n", 22).Recognized);
        Assert.True(InspectionFixtures.Parse("busybox-no-ss.txt").Recognized);
    }

    [Fact]
    public void CommandOutputThatLooksLikeAMarkerIsData()
    {
        // The script sends an output line starting with @@ with a leading space.
        var text = "@@section sshd-log-journal\n @@status ok\n @@end\nreal line\n@@status ok\n@@end\n";

        var sections = InspectionFrames.Parse(text);

        var log = Assert.Single(sections);
        Assert.Equal(["@@status ok", "@@end", "real line"], log.Lines);
        Assert.True(log.Complete);
    }

    [Fact]
    public void CrLfLineEndingsAreRead()
    {
        var text = InspectionFixtures.Read("busybox-no-ss.txt").Replace("\n", "\r\n", StringComparison.Ordinal);

        Assert.Equal(600, InspectionParser.Parse(text, 22).Number("host.tcp_keepalive.time"));
    }
}
