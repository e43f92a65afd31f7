using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.ClientLogs;

/// <summary>A wait for the server's first words that ended: timed out, closed, or on a port that says what should answer.</summary>
public sealed class BannerWaitTests
{
    [Theory]
    [InlineData("Renci.SshNet.Common.SshOperationTimeoutException: Socket read operation has timed out after 15000 milliseconds.")]
    [InlineData("Error: Timed out while waiting for handshake")]
    [InlineData("paramiko.ssh_exception.SSHException: Error reading SSH protocol banner")]
    public void ALibraryThatGaveUpWaitingForTheServersFirstWordsStalledAtTheBanner(string line)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal(("stalled", "banner"), (result.Observations.GetText("client.error"), result.Observations.GetText("client.stage")));
    }

    [Theory]
    [InlineData("kex_exchange_identification: read: Operation timed out")]
    [InlineData("ssh_exchange_identification: read: Connection timed out")]
    [InlineData("banner exchange: Connection to 10.40.0.5 port 22: Operation timed out")]
    public void ATimeoutWhileReadingTheServersIdentificationIsABannerTimeoutNotAConnectTimeout(string line)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal(("banner-timeout", "banner"), (result.Observations.GetText("client.error"), result.Observations.GetText("client.stage")));
    }

    [Fact]
    public void AConnectThatTimedOutStaysAConnectTimeout()
    {
        var result = ClientLogParser.Parse("ssh: connect to host 10.40.0.5 port 22: Connection timed out");

        Assert.Equal(("connection-timed-out", "connect"), (result.Observations.GetText("client.error"), result.Observations.GetText("client.stage")));
    }

    [Fact]
    public void ABannerReadThatEndedInEofIsACloseNotATimeout()
    {
        var result = ClientLogParser.Parse("""
            EOFError
            During handling of the above exception, another exception occurred:
            paramiko.ssh_exception.SSHException: Error reading SSH protocol banner
            """);

        Assert.Equal(("closed-by-remote", "banner"), (result.Observations.GetText("client.error"), result.Observations.GetText("client.stage")));
    }

    [Fact]
    public void VagrantsForwardedAddressIsTheHostAndPortOfItsRetries()
    {
        var result = ClientLogParser.Parse("""
                default: SSH address: 127.0.0.1:2200
                default: Warning: Connection timeout. Retrying...
            """);

        Assert.Equal(("127.0.0.1", 2200d, "loopback"),
            (result.Observations.GetText("client.host"), result.Observations["client.port"].Number, result.Observations.GetText("client.host_scope")));
    }

    [Theory]
    [InlineData("DEBUG: Client: Trying files.example.net on port 990 ...", 990, "ftps")]
    [InlineData("Connection to 203.0.113.9 port 22 timed out", 22, "ssh")]
    [InlineData("ssh: connect to host 203.0.113.9 port 2222: Connection refused", 2222, null)]
    public void ThePortALogNamesSaysWhatServiceIsExpectedThere(string line, int port, string? service)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal(port, result.Observations["client.port"].Number);
        Assert.Equal(service, result.Observations.TryGetValue("client.port_service", out var s) ? s.Text : null);
    }

    [Fact]
    public void ParamikosLoggedBannerLinesShowAWebServerAnsweredOnTheSshPort()
    {
        var result = ClientLogParser.Parse("""
            D0325 08:52:38.315 2606 transport.py:1746] Banner: Server: nginx
            D0325 08:52:38.316 2606 transport.py:1746] Banner: Content-Type: text/html
            D0325 08:52:38.318 2606 transport.py:1746] Banner: <head><title>400 Bad Request</title></head>
            """);

        Assert.Equal(("not-ssh", "banner"), (result.Observations.GetText("client.error"), result.Observations.GetText("client.stage")));
        Assert.Equal("<head><title>400 Bad Request</title></head>", result.Observations.GetText("client.not_ssh_reply"));
    }
}
