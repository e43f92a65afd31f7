using SshBot.Chat.Conversation;

namespace SshBot.Chat.Tests.Regressions;

/// <summary>Pinned after a console paste of "OpenSSL 3.0.15" started a probe of 3.0.0.15.</summary>
public sealed class IntentParserRegressionTests
{
    [Theory]
    [InlineData("OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 3 Sep 2024")]
    [InlineData("we upgraded to 9.2 and 3.0.15 yesterday")]
    [InlineData("it broke after 10.1 rolled out")]
    [InlineData("can't ssh to 0x7f.1")]
    [InlineData("ssh to 017.1.2.3 times out")]
    public void VersionsAndShortAddressFormsInProseNeverBecomeAddressTargets(string text)
    {
        var targets = IntentParser.Parse(text) is DiagnoseIntent d ? d.Targets : [];

        Assert.DoesNotContain(targets, t => SshBot.Diagnostics.Targets.TargetParser.Parse(t).Address is not null);
    }

    [Theory]
    [InlineData("can't ssh to 10.1.2.3", "10.1.2.3")]
    [InlineData("ssh deploy@10.1.2.3:2222 times out", "deploy@10.1.2.3:2222")]
    public void FullDottedQuadsAreStillTargets(string text, string target)
    {
        var intent = Assert.IsType<DiagnoseIntent>(IntentParser.Parse(text));

        Assert.Equal([target], intent.Targets);
    }
}
