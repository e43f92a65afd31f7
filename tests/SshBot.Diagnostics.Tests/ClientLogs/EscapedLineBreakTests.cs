using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.ClientLogs;

/// <summary>
/// A whole <c>ssh -vvv</c> run on one line, its line breaks escaped: Ansible's JSON <c>"msg"</c>
/// and the Python bytes it prints at -vvvv. Read line by line, it says as much as the run itself.
/// </summary>
public sealed class EscapedLineBreakTests
{
    private const string Run =
        @"OpenSSH_8.9p1 Ubuntu-3ubuntu0.1, OpenSSL 3.0.2 15 Mar 2022\r\ndebug1: Reading configuration data /etc/ssh/ssh_config\r\n"
        + @"debug1: Connecting to 10.0.0.5 [10.0.0.5] port 22.\r\ndebug1: Connection established.\r\n"
        + @"debug1: Remote protocol version 2.0, remote software version OpenSSH_7.4\r\ndebug1: SSH2_MSG_KEXINIT sent\r\n"
        + @"debug1: SSH2_MSG_KEXINIT received\r\ndebug1: kex: algorithm: curve25519-sha256\r\ndebug1: expecting SSH2_MSG_KEX_ECDH_REPLY\r\n";

    public static TheoryData<string> Wrappers => new()
    {
        "fatal: [web-01]: UNREACHABLE! => {\"changed\": false, \"msg\": \"Failed to connect to the host via ssh: " + Run + "Connection closed by 10.0.0.5 port 22\", \"unreachable\": true}",
        "<10.0.0.5> (255, b'', b'" + Run + "Connection closed by 10.0.0.5 port 22\\r\\n')",
        "<10.0.0.5> (255, b'', b'" + Run.Replace(@"\r\n", @"\n", StringComparison.Ordinal) + "Connection closed by 10.0.0.5 port 22')",
    };

    [Theory]
    [MemberData(nameof(Wrappers))]
    public void AnEscapedRunIsReadLineByLineUpToWhereItStopped(string pasted)
    {
        var result = ClientLogParser.Parse(pasted);

        Assert.Equal("OpenSSH_8.9p1", result.Observations.GetText("client.version"));
        Assert.Equal("expecting-kex-ecdh-reply", result.Observations.GetText("client.last_step"));
        Assert.Equal(("closed-by-remote", "kex"), (result.Observations.GetText("client.error"), result.Observations.GetText("client.stage")));
        Assert.StartsWith("Connection closed by 10.0.0.5 port 22", Assert.Single(result.LinesFor("client.failure_line")), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Wrappers))]
    public void AnEscapedRunATerminalCutAtItsWidthIsJoinedBeforeItsBreaksAreRead(string pasted)
    {
        // Cut every 80 characters, as a terminal's copy does: some cuts fall inside a "\r\n".
        var cut = string.Join('\n', Enumerable.Range(0, (pasted.Length + 79) / 80).Select(i => pasted.Substring(i * 80, Math.Min(80, pasted.Length - i * 80))));

        var result = ClientLogParser.Parse(cut);

        Assert.Equal("expecting-kex-ecdh-reply", result.Observations.GetText("client.last_step"));
        Assert.Equal(("closed-by-remote", "kex"), (result.Observations.GetText("client.error"), result.Observations.GetText("client.stage")));
    }

    [Fact]
    public void AWindowsPathIsNotABreak()
    {
        var result = ClientLogParser.Parse(@"Bad owner or permissions on C:\Users\nancy/.ssh/config");

        Assert.Equal(@"Bad owner or permissions on C:\Users\nancy/.ssh/config", result.Observations.GetText("client.failure_line"));
    }
}
