using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.ClientLogs;

/// <summary>Time stamps that the tool showing the output puts before each line (VS Code's Remote-SSH log, CI logs, log files).</summary>
public sealed class LinePrefixTests
{
    [Theory]
    [InlineData("[10:41:21.977] > ", "[10:41:43.091] > ")]
    [InlineData("2024-05-01T10:00:00.1234567Z ", "2024-05-01T10:00:01.2234567Z ")]
    [InlineData("2024-05-01 10:00:00,123 ", "2024-05-01 10:00:01,456 ")]
    [InlineData("[2024-05-01 10:00:00] ", "[2024-05-01 10:00:01] ")]
    public void AStampedLogIsReadAsTheLogItself(string first, string second)
    {
        var result = ClientLogParser.Parse($"{first}OpenSSH_for_Windows_8.1p1, LibreSSL 3.0.2\n{second}ssh: connect to host web-01 port 22: Connection timed out");

        Assert.Equal("OpenSSH_for_Windows_8.1p1", result.Observations.GetText("client.version"));
        Assert.Equal("connection-timed-out", result.Observations.GetText("client.error"));
        Assert.Equal("ssh: connect to host web-01 port 22: Connection timed out", result.Observations.GetText("client.failure_line"));
        Assert.Equal("web-01", result.Observations.GetText("client.host"));
    }

    [Theory]
    [InlineData("22:01 is when web-01 went away: Connection refused")]
    [InlineData("[web-01] Connection refused")]
    public void WordsThatOnlyLookLikeAStampStay(string line) =>
        Assert.Equal(line, ClientLogParser.Parse(line).Observations.GetText("client.failure_line"));
}
