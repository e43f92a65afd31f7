using SshBot.Chat.Conversation;

namespace SshBot.Chat.Tests.Conversation;

public sealed class IntentParserTests
{
    [Theory]
    [InlineData("can't ssh to web-01", "web-01")]
    [InlineData("ssh to 10.1.2.3 times out", "10.1.2.3")]
    [InlineData("web-01:2222 connection closed by port 22", "web-01:2222")]
    [InlineData("@sshbot diagnose deploy@web-01", "deploy@web-01")]
    [InlineData("<@U0BOT> can't ssh to web-01.corp.example.com!", "web-01.corp.example.com")]
    [InlineData("ssh -v [fd00::5]:22 hangs", "[fd00::5]:22")]
    [InlineData("can't ssh to bastion", "bastion")]
    [InlineData("can't ssh to *web-01*", "web-01")]
    [InlineData("ssh to _deploy@web-01.corp.example.com_ times out", "deploy@web-01.corp.example.com")]
    [InlineData("can't ssh to *`web-02`*", "web-02")]
    [InlineData("~old-web~ ssh to web-03 hangs", "web-03")]
    public void EngineersWordsNameTheHost(string text, string host)
    {
        var intent = Assert.IsType<DiagnoseIntent>(IntentParser.Parse(text));

        Assert.Equal([host], intent.Targets);
    }

    [Theory]
    [InlineData("can't ssh to web-01\n```\ngit@web-01: Permission denied (publickey).\nfatal: Could not read from remote repository.\n```")]
    [InlineData("can't ssh to web-01\ngit@web-01: Permission denied (publickey).\nfatal: Could not read from remote repository.")]
    [InlineData("can't ssh to web-01\n> Connection closed by 10.1.2.3 port 22\n> lost connection from the server")]
    public void WordsInPastedOutputNameNoPlaceToRunFrom(string text)
    {
        var intent = Assert.IsType<DiagnoseIntent>(IntentParser.Parse(text));

        Assert.Null(intent.Vantage);
        Assert.Contains("web-01", intent.Targets);
        Assert.True(intent.WithPaste);
    }

    [Fact]
    public void APlaceInTheRequestLineIsStillRead()
    {
        var intent = Assert.IsType<DiagnoseIntent>(IntentParser.Parse("can't ssh to web-01 from the office VPN: Connection refused"));

        Assert.Equal("office VPN", intent.Vantage);
        Assert.Equal(["web-01"], intent.Targets);
    }

    [Theory]
    [InlineData("Network error: Connection timed out")]
    [InlineData("FATAL ERROR: Network error: Software caused connection abort")]
    [InlineData("Permission denied (publickey).")]
    public void OutputThatNamesNoHostAsksForOneAndALabelIsNoHost(string text)
    {
        // Asking for a host (not "I didn't find a host") is the answer to output read as a paste.
        Assert.IsType<AskForHostIntent>(IntentParser.Parse(text));
        Assert.IsType<AskForHostIntent>(IntentParser.Read(text));
    }

    [Theory]
    [InlineData("```\nweb-01: Host key verification failed.\n```", true)]
    [InlineData("> web-01: Host key verification failed.", true)]
    [InlineData("`web-01: Host key verification failed.`", true)]
    [InlineData("web-01: Host key verification failed.", false)]
    [InlineData("can't ssh to web-01\n```\nweb-01: Host key verification failed.\n```", false)]
    public void OutputInABlockWithNoRequestIsABarePasteLooseOutputNamesItsHost(string text, bool bare)
    {
        Assert.Equal(bare, IntentParser.IsBarePaste(text));
        Assert.True(IntentParser.HoldsPastedBlock(text) || !bare);
        if (!bare)
        {
            Assert.Equal(["web-01"], Assert.IsType<DiagnoseIntent>(IntentParser.Parse(text)).Targets);
        }
    }

    [Theory]
    [InlineData("can't ssh to web-01 from the office VPN")]
    [InlineData("ssh to web-01 hangs when I cat large files")]
    [InlineData("fixed, it was the security group")]
    [InlineData("still Connection refused from here")]
    public void TalkIsNoPastedBlock(string text) => Assert.False(IntentParser.HoldsPastedBlock(text));

    [Fact]
    public void SeveralHostsInOneMessageAreAllDiagnosed()
    {
        var intent = Assert.IsType<DiagnoseIntent>(IntentParser.Parse("can't ssh to web-01, web-02 or db-01"));

        Assert.Equal(["web-01", "web-02", "db-01"], intent.Targets);
    }

    [Theory]
    [InlineData("ssh to web-01 drops when idle", "report.idle_drop")]
    [InlineData("my session to web-01 hangs on large output", "report.transfer_hang")]
    [InlineData("web-01 fails sometimes", "report.intermittent")]
    public void WhatTheUserSaysBecomesAReportObservation(string text, string key)
    {
        var intent = Assert.IsType<DiagnoseIntent>(IntentParser.Parse(text));

        Assert.True(intent.Reports[key].Flag);
    }

    [Fact]
    public void CommandsAreRecognised()
    {
        Assert.Equal(new HistoryIntent("web-01"), IntentParser.Parse("history web-01"));
        Assert.IsType<RecentIntent>(IntentParser.Parse("recent"));
        Assert.IsType<KbListIntent>(IntentParser.Parse("kb list"));
        Assert.Equal(new KbShowIntent("healthy"), IntentParser.Parse("kb show healthy"));
        Assert.Equal(new KbAdminIntent("retire", "healthy"), IntentParser.Parse("kb retire healthy"));
        Assert.IsType<HelpIntent>(IntentParser.Parse("help"));
        Assert.IsType<UnknownIntent>(IntentParser.Parse("good morning everyone"));
    }

    [Theory]
    [InlineData("ops@laptop ~ % ssh -p 2222 deploy@web-01")]
    [InlineData("[ops@laptop ~]$ ssh -p 2222 deploy@web-01")]
    [InlineData("(venv) ops@laptop:~/src$ ssh -p 2222 deploy@web-01")]
    [InlineData("PS C:\\Users\\ops> ssh -p 2222 deploy@web-01")]
    [InlineData("+ ssh -p 2222 deploy@web-01")]
    public void ThePromptBeforeAPastedCommandNamesNoTarget(string command)
    {
        var text = $"can't get in, help\n{command}\nkex_exchange_identification: read: Connection reset by peer";

        var intent = Assert.IsType<DiagnoseIntent>(IntentParser.Parse(text));

        Assert.Equal(["deploy@web-01"], intent.Targets);
    }

    [Fact]
    public void AMaskedAddressBesideAPasteIsNoTargetAndTheRealHostIsAskedFor()
    {
        const string text = "can't ssh to 192.168.x.x from my laptop\n```\nssh: connect to host 192.168.x.x port 22: No route to host\n```";

        Assert.IsType<AskForHostIntent>(IntentParser.Parse(text));
    }

    [Fact]
    public void AMaskedAddressAloneGoesToTheTargetParserWhichSaysWhy()
    {
        var intent = Assert.IsType<DiagnoseIntent>(IntentParser.Parse("can't ssh to 10.0.x.x"));

        Assert.Equal(["10.0.x.x"], intent.Targets);
        var e = Assert.Throws<SshBot.Diagnostics.Targets.TargetFormatException>(() => SshBot.Diagnostics.Targets.TargetParser.Parse(intent.Targets[0]));
        Assert.Contains("masked address", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APastedLogWithoutAHostAsksForIt()
    {
        const string log = "```\nOpenSSH_9.6p1 Debian, OpenSSL 3.0\ndebug1: Reading configuration data /etc/ssh/ssh_config\ndebug1: Connection established.\n```";

        Assert.IsType<AskForHostIntent>(IntentParser.Parse(log));
    }

    [Fact]
    public void APastedLogWithAHostDiagnosesThatHost()
    {
        const string text = "can't ssh to web-01, here is my log\n```\nOpenSSH_9.6p1 Debian\ndebug1: Connecting to web-01 [10.1.2.3] port 22.\nssh: connect to host web-01 port 22: Connection timed out\n```";

        var intent = Assert.IsType<DiagnoseIntent>(IntentParser.Parse(text));

        Assert.Equal(["web-01"], intent.Targets);
    }

    [Theory]
    [InlineData("can't ssh to db-07 from the office VPN", "office VPN")]
    [InlineData("can't ssh to db-07 from dc1", "dc1")]
    [InlineData("@sshbot db-07 times out from our office network since this morning", "office network")]
    public void WhereTheUserConnectsFromNamesAVantagePointNotAHost(string text, string place)
    {
        var intent = Assert.IsType<DiagnoseIntent>(IntentParser.Parse(text));

        Assert.Equal(["db-07"], intent.Targets);
        Assert.Equal(place, intent.Vantage);
    }

    [Fact]
    public void AnAddressAfterFromIsNoVantagePoint()
    {
        var intent = Assert.IsType<DiagnoseIntent>(IntentParser.Parse("can't ssh to web-01 from 10.2.3.4"));

        Assert.Null(intent.Vantage);
    }
}
