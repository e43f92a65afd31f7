using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.ClientLogs;

/// <summary>
/// What a paste carries besides ssh's output: terminal colours, HTML line breaks, lines a terminal
/// cut at its width, output that lost its line breaks, and the stamps and tags loggers and build
/// tools put before each line.
/// </summary>
public sealed class PasteDecorationTests
{
    private const string Refused = "ssh: connect to host web-01 port 2222: Connection refused";

    [Theory]
    [InlineData("\u001b[0;31m" + Refused + "\u001b[0m")]
    [InlineData("\u001b[1m\u001b[31m" + Refused + "\u001b[K\u001b[0m")]
    [InlineData("\u001b]0;ops@laptop: ~\u0007" + Refused)]
    [InlineData("^[[0;31m" + Refused + "^[[0m")]
    [InlineData("[0;31m" + Refused + "[0m")]
    [InlineData("[1;38;5;196m" + Refused + "[0m")]
    public void ColourCodesAreNotPartOfTheLine(string line)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal(Refused, result.Observations.GetText("client.failure_line"));
        Assert.Equal("web-01", result.Observations.GetText("client.host"));
        Assert.Equal(2222, result.Observations["client.port"].Number);
    }

    [Fact]
    public void BracketsThatAreNotColourCodesStay()
    {
        var result = ClientLogParser.Parse("debug1: Connecting to web-01 [198.18.0.7] port 22.\n[web-01] Connection refused [5m ago]");

        Assert.Equal("[web-01] Connection refused [5m ago]", result.Observations.GetText("client.failure_line"));
    }

    [Theory]
    [InlineData("10:41:22 ", "10:41:23.118 ")]
    [InlineData("#7 0.412 ", "#7 0.913 ")]
    [InlineData("Dec  4 10:41:22 laptop ssh[812]: ", "Dec  4 10:41:23 laptop ssh[812]: ")]
    [InlineData("Dec 04 10:41:22 laptop autossh[77]: ", "Dec 04 10:41:23 laptop autossh[77]: ")]
    [InlineData("2024/05/01 10:41:22 ", "2024/05/01 10:41:23 ")]
    [InlineData("I0501 10:41:22.441716   22741 deploy.go:88] ", "E0501 10:41:23.003117   22741 deploy.go:91] ")]
    [InlineData("##[group]", "##[error]")]
    [InlineData("[INFO] ", "[ERROR] ")]
    [InlineData("2024-05-01 10:41:22,118 - deploy - INFO - ", "2024-05-01 10:41:23,004 - deploy - ERROR - ")]
    public void StampsAndTagsBeforeEachLineAreNotPartOfIt(string first, string second)
    {
        var result = ClientLogParser.Parse($"{first}$ ssh -p 2222 ops@web-01\n{second}{Refused}");

        Assert.Equal(Refused, result.Observations.GetText("client.failure_line"));
        Assert.Equal(2222, result.Observations["client.port"].Number);
        Assert.Equal("ops", result.Observations.GetText("client.user"));
    }

    [Theory]
    [InlineData("     1\t", "     2\t")]
    [InlineData("  1 | ", "  2 | ")]
    public void LineNumbersAViewerPutInFrontAreNotPartOfTheLine(string first, string second)
    {
        var result = ClientLogParser.Parse($"{first}$ ssh -p 2222 ops@web-01\n{second}{Refused}");

        Assert.Equal(Refused, result.Observations.GetText("client.failure_line"));
        Assert.Equal(2222, result.Observations["client.port"].Number);
    }

    [Fact]
    public void NumbersThatDoNotCountUpAreWords()
    {
        string[] lines = ["3 packets transmitted, 0 received, 100% packet loss", "7 hops max", "2 ssh sessions open"];

        Assert.Equal(lines, ClientLogResult.Lines(string.Join('\n', lines)));
    }

    [Fact]
    public void SshdsJournalLinesKeepTheirDateAndTag()
    {
        const string sshd = "Dec  4 10:41:22 web-01 sshd[2211]: refused connect from 198.18.0.9 (198.18.0.9)";
        var result = ClientLogParser.Parse("kex_exchange_identification: read: Connection reset by peer\n" + sshd);

        Assert.Equal([sshd], result.Observations["client.server_log"].Items);
    }

    [Theory]
    [InlineData("<p>$ ssh -p 2222 ops@web-01<br>" + Refused + "</p>")]
    [InlineData("<div>$ ssh -p 2222 ops@web-01</div><div>" + Refused + "</div>")]
    [InlineData("<pre><code>$ ssh -p 2222 ops@web-01<br/>" + Refused + "</code></pre>")]
    public void HtmlLineBreaksAreLineBreaks(string html)
    {
        var result = ClientLogParser.Parse(html);

        Assert.Equal(Refused, result.Observations.GetText("client.failure_line"));
        Assert.Equal("ops", result.Observations.GetText("client.user"));
    }

    [Fact]
    public void AnglesThatAreNotHtmlStay()
    {
        var result = ClientLogParser.Parse("<198.18.0.7> ESTABLISH SSH CONNECTION FOR USER: ops<br>\n<198.18.0.7> SSH: EXEC ssh -C -o ConnectTimeout=10 198.18.0.7\nfatal: [web-01]: UNREACHABLE! => {\"msg\": \"Failed to connect to the host via ssh: ssh: connect to host 198.18.0.7 port 22: No route to host\"}");

        Assert.Equal("no-route", result.Observations.GetText("client.error"));
        Assert.Equal("198.18.0.7", result.Observations.GetText("client.host"));
    }

    [Fact]
    public void LinesATerminalCutAtItsWidthAreJoined()
    {
        // An 80-column console: the offer runs over onto the next line, cut mid-word.
        const string line = "Unable to negotiate with 198.18.0.7 port 22: no matching host key type found. Their offer: ssh-rsa,ssh-dss";
        var result = ClientLogParser.Parse($"{line[..80]}\n{line[80..]}");

        Assert.Equal(line, result.Observations.GetText("client.failure_line"));
        Assert.Equal(["ssh-rsa", "ssh-dss"], result.Observations["client.their_offer"].Items);
    }

    [Fact]
    public void TwoLinesCutAtTheSameOddWidthAreJoinedToo()
    {
        const string first = "debug1: Authentications that can continue: publickey,gssapi-keyex,gssapi-with-mic,password";
        const string second = "Permission denied, please try again. Permission denied (publickey,gssapi-keyex,gssapi-with-mic,password).";
        var result = ClientLogParser.Parse($"{first[..67]}\n{first[67..]}\n{second[..67]}\n{second[67..]}");

        Assert.Equal("permission-denied", result.Observations.GetText("client.error"));
        Assert.Contains("password", result.Observations["client.auth.methods_offered"].Items);
    }

    [Fact]
    public void ALineOfTheTerminalsWidthIsNotJoinedToALineOfSshsOwn()
    {
        var exact = "debug1: " + new string('x', 72);
        var result = ClientLogParser.Parse($"{exact}\ndebug1: Connecting to web-01 [198.18.0.7] port 22.\n{Refused}");

        Assert.Equal(Refused, result.Observations.GetText("client.failure_line"));
    }

    [Fact]
    public void ALongestLineRepeatedIsNoSignOfWrapping()
    {
        const string timedOut = "ssh: connect to host web-01.example.internal port 22: Connection timed out";
        string[] lines = [timedOut, timedOut, "lost connection"];

        Assert.Equal(lines, ClientLogResult.Lines(string.Join('\n', lines)));
    }

    [Fact]
    public void LinesThatOnlyHappenToBeAsLongAsEachOtherAreNotJoined()
    {
        // pdsh over hosts whose names and answers have the same length: no line leaves a tail.
        string[] lines =
        [
            "web-01: ssh: connect to host web-01 port 22: Connection refused",
            "web-02: ssh: connect to host web-02 port 22: Connection refused",
            "web-03: ssh: connect to host web-03 port 22: Connection refused",
        ];

        Assert.Equal(lines, ClientLogResult.Lines(string.Join('\n', lines)));
    }

    [Fact]
    public void ALineWhoseLengthIsAMultipleOfTheWidthIsJoinedThoughNoTailIsLeft()
    {
        // 240 characters cut at 80: three lines of 80, nothing shorter after them.
        var line = "com.jcraft.jsch.JSchAlgoNegoFailException: Algorithm negotiation fail: algorithmName=\"server_host_key\" jschProposal=\"ssh-ed25519,rsa-sha2-512,rsa-sha2-256\" serverProposal=\"ssh-rsa\"";
        line += new string(' ', 240 - line.Length);

        var read = ClientLogResult.Lines(string.Join('\n', line[..80], line[80..160], line[160..])).ToList();

        Assert.Equal([line.TrimEnd()], read.Select(l => l.TrimEnd()));
    }

    [Fact]
    public void ALineAfterAHostsPrefixStartsALineOfItsOwn()
    {
        // A line cut at 70 columns, then a line exactly 70 long: the next host's line is not its tail.
        const string first = "web-01: debug1: Authentications that can continue: publickey,gssapi-keyex,gssapi-with-mic";
        var exact = "web-01: debug1: Next authentication method: publickey " + new string('x', 16);
        const string next = "web-02: ssh: connect to host web-02 port 22: Connection refused";
        var read = ClientLogResult.Lines(string.Join('\n', first[..70], first[70..], exact, next)).ToList();

        Assert.Equal(70, exact.Length);
        Assert.Equal([first, exact, next], read);
    }

    [Fact]
    public void AVerboseLogThatLostItsLineBreaksIsReadLineByLine()
    {
        var result = ClientLogParser.Parse(
            "OpenSSH_9.6p1 Ubuntu-3ubuntu13, OpenSSL 3.0.13 30 Jan 2024 debug1: Connecting to web-01 [198.18.0.7] port 22. debug1: Connection established. " +
            "debug1: SSH2_MSG_KEXINIT sent debug1: SSH2_MSG_KEXINIT received debug1: kex: algorithm: curve25519-sha256 debug1: expecting SSH2_MSG_KEX_ECDH_REPLY");

        Assert.Equal("OpenSSH_9.6p1", result.Observations.GetText("client.version"));
        Assert.Equal("expecting-kex-ecdh-reply", result.Observations.GetText("client.last_step"));
        Assert.Equal("web-01", result.Observations.GetText("client.host"));
        Assert.Equal(22, result.Observations["client.port"].Number);
    }

    [Fact]
    public void OutputRunTogetherIsSplitWhereSshStartsALine()
    {
        var result = ClientLogParser.Parse("$ ssh -p 2222 ops@web-01 kex_exchange_identification: Connection closed by remote host Connection closed by 198.18.0.7 port 2222");

        Assert.Equal("closed-by-remote", result.Observations.GetText("client.error"));
        Assert.Equal("banner", result.Observations.GetText("client.stage"));
        Assert.Equal(2222, result.Observations["client.port"].Number);
        Assert.Equal("ops", result.Observations.GetText("client.user"));
    }

    [Theory]
    [InlineData("kex_exchange_identification: Connection closed by remote host")]
    [InlineData("git@web-01: Permission denied (publickey).")]
    [InlineData("fatal: [web-01]: UNREACHABLE! => {\"msg\": \"Failed to connect to the host via ssh: ssh: connect to host web-01 port 22: Connection refused\"}")]
    [InlineData("debug1: Remote protocol version 2.0, remote software version OpenSSH_9.6p1 Ubuntu-3ubuntu13")]
    [InlineData("2024-05-01T10:00:02.0012345Z ssh: connect to host web-01 port 2222: Connection refused")]
    [InlineData("```> Dec  4 10:41:22 laptop ssh[812]: Connection closed by 198.18.0.7 port 22")]
    public void ALineAsSshPrintsItIsNotSplit(string line) =>
        Assert.Equal([line], ClientLogResult.Lines(line));
}
