using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.ClientLogs;

/// <summary>What a close means once the login was under way, and the prompts that show it was.</summary>
public sealed class LoginThenCloseTests
{
    [Fact]
    public void SftpClosedAfterThePasswordIsTheSubsystemThatDidNotStart()
    {
        var result = ClientLogParser.Parse("""
            C:\Program Files\OpenSSH>sftp administrator@198.18.0.5
            administrator@198.18.0.5's password:
            Connection closed
            """);

        Assert.Equal("subsystem-failed", result.Observations.GetText("client.error"));
        Assert.Equal("session", result.Observations.GetText("client.stage"));
        Assert.Equal("sftp", result.Observations.GetText("client.tool"));
        Assert.Equal("198.18.0.5", result.Observations.GetText("client.host"));
    }

    [Fact]
    public void AFidoKeysPromptsShowTheLoginWasUnderWay()
    {
        var result = ClientLogParser.Parse("""
            sftp -P 2200 -i id_ecdsa_sk ops@198.18.0.5
            Enter passphrase for key 'id_ecdsa_sk':
            Confirm user presence for key ECDSA-SK SHA256:x5swo2zbVQCcG6bc
            User presence confirmed
            Connection closed.
            """);

        Assert.Equal("subsystem-failed", result.Observations.GetText("client.error"));
    }

    [Fact]
    public void SftpClosedAfterItsSessionStartedIsNoMissingSubsystem()
    {
        var result = ClientLogParser.Parse("""
            sftp ops@198.18.0.5
            ops@198.18.0.5's password:
            Connected to 198.18.0.5.
            sftp> put backup.tar.gz
            Connection closed
            """);

        Assert.Equal("closed-by-remote", result.Observations.GetText("client.error"));
    }

    [Fact]
    public void SshClosedAfterThePasswordStaysAClose()
    {
        var result = ClientLogParser.Parse("""
            ssh ops@198.18.0.5
            ops@198.18.0.5's password:
            Connection closed by 198.18.0.5 port 22
            """);

        Assert.Equal("closed-by-remote", result.Observations.GetText("client.error"));
        Assert.Equal("auth", result.Observations.GetText("client.stage"));
    }

    [Fact]
    public void AnUnknownHostKeyTheUserAcceptedIsNoFailure()
    {
        var result = ClientLogParser.Parse("""
            $ sftp 198.18.0.5
            The authenticity of host '198.18.0.5 (198.18.0.5)' can't be established.
            ECDSA key fingerprint is SHA256:KY+E7EC/l8ZU1RQoTwgBfwF6/xIGYX7fdQiyrNeGRLM.
            Are you sure you want to continue connecting (yes/no)? yes
            Warning: Permanently added '198.18.0.5' (ECDSA) to the list of known hosts.
            ops@198.18.0.5's password:
            Connection closed
            """);

        Assert.Equal("subsystem-failed", result.Observations.GetText("client.error"));
    }

    [Fact]
    public void AnUnknownHostKeyNotAcceptedStillDecides()
    {
        var result = ClientLogParser.Parse("""
            The authenticity of host '198.18.0.5 (198.18.0.5)' can't be established.
            ECDSA key fingerprint is SHA256:KY+E7EC/l8ZU1RQoTwgBfwF6/xIGYX7fdQiyrNeGRLM.
            Are you sure you want to continue connecting (yes/no)? no
            Host key verification failed.
            """);

        Assert.Equal("hostkey-unknown", result.Observations.GetText("client.error"));
    }

    [Fact]
    public void TheJumpHostsRefusalDecidesAfterItsOwnPasswordPrompt()
    {
        var result = ClientLogParser.Parse("""
            $ ssh -J ops@198.18.0.4:2222 git@198.18.0.5
            ops@198.18.0.4's password:
            channel 0: open failed: administratively prohibited: open failed
            stdio forwarding failed
            kex_exchange_identification: Connection closed by remote host
            Connection closed by UNKNOWN port 65535
            """);

        Assert.Equal("forwarding-refused", result.Observations.GetText("client.error"));
    }
}
