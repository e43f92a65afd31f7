using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.ClientLogs;

/// <summary>The client's operating system, read from what the paste shows of it (client.os).</summary>
public sealed class ClientPlatformTests
{
    [Theory]
    [InlineData("[09:14:02.977] stderr> OpenSSH_9.8p1, LibreSSL 3.3.6", "macos")]
    [InlineData("debug1: identity file /Users/ana/.ssh/id_ed25519 type 3", "macos")]
    [InlineData("OSError: [Errno 65] No route to host", "macos")]
    [InlineData("Error: connect EHOSTUNREACH 192.168.1.20:22 (os error 65)", "macos")]
    [InlineData("OS version: Darwin arm64 24.0.0", "macos")]
    [InlineData("Request timeout for icmp_seq 0", "macos")]
    [InlineData("ping: sendto: No route to host", "macos")]
    [InlineData("OpenSSH_for_Windows_9.5p1, LibreSSL 3.8.2", "windows")]
    [InlineData("debug1: identity file C:\\Users\\ana/.ssh/id_ed25519 type 3", "windows")]
    [InlineData("OpenSSH_9.6p1 Ubuntu-3ubuntu13.5, OpenSSL 3.0.13 30 Jan 2024", "linux")]
    [InlineData("debug1: identity file /home/ana/.ssh/id_ed25519 type 3", "linux")]
    public void TheClientsSystemIsReadFromItsOwnLines(string line, string os)
    {
        var result = ClientLogParser.Parse(line + "\nssh: connect to host 192.168.1.20 port 22: No route to host");

        Assert.Equal(os, result.Observations.GetText("client.os"));
    }

    [Theory]
    // The server's version, not the client's: no TLS library after it.
    [InlineData("debug1: Remote protocol version 2.0, remote software version OpenSSH_8.9p1 Ubuntu-3ubuntu0.1")]
    // Git Bash's and MSYS's spelling of a Windows home, not a Mac's.
    [InlineData("debug1: identity file /c/Users/ana/.ssh/id_rsa type 0")]
    [InlineData("debug1: identity file C:/Users/ana/.ssh/id_rsa type 0")]
    public void LinesThatAreNotTheClientsSystemSayNothing(string line)
    {
        var result = ClientLogParser.Parse(line + "\nssh: connect to host 192.168.1.20 port 22: No route to host");

        Assert.False(result.Observations.ContainsKey("client.os"), result.Observations.GetText("client.os"));
    }

    [Theory]
    [InlineData("raspberrypi.local")]
    [InlineData("nas.home.arpa")]
    public void AnMdnsOrHomeNetworkNameIsOnTheLocalNetwork(string host)
    {
        var result = ClientLogParser.Parse($"ssh: connect to host {host} port 22: No route to host");

        Assert.Equal("private", result.Observations.GetText("client.host_scope"));
    }
}
