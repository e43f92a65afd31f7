using System.Text;
using SshBot.Diagnostics.ClientLogs;

namespace SshBot.Diagnostics.Tests.ClientLogs;

/// <summary>Whatever is pasted, the parser returns (bounded work, no exception).</summary>
public sealed class HostileInputTests
{
    private static Task<ClientLogResult> ParseAsync(string text) =>
        Task.Run(() => ClientLogParser.Parse(text), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

    [Fact]
    public async Task AFiftyMegabyteInputIsCutAndSaysSo()
    {
        var line = "debug1: channel 0: free: client-session, nchannels 1\n";
        var text = new StringBuilder(50 * 1024 * 1024 + line.Length);
        while (text.Length < 50 * 1024 * 1024)
        {
            text.Append(line);
        }

        text.Append("ssh: connect to host web-01 port 22: Connection refused\n");

        var result = await ParseAsync(text.ToString());

        Assert.Contains(result.Notes, n => n.Contains("cut to its first 1024 KiB", StringComparison.Ordinal));
        Assert.False(result.FoundError);
    }

    [Fact]
    public async Task BinaryGarbageGivesNoErrorAndNoCrash()
    {
        var bytes = new byte[2 * 1024 * 1024];
        new Random(42).NextBytes(bytes);

        var result = await ParseAsync(Encoding.UTF8.GetString(bytes));

        Assert.False(result.FoundError);
    }

    [Fact]
    public async Task BinaryBytesAroundARealErrorDoNotHideIt()
    {
        var result = await ParseAsync("\u0000\u0001\uFFFD\u001b[31mssh: connect to host web-01 port 22: Connection refused\u001b[0m\u0007\n");

        Assert.Equal("connection-refused", result.Observations.GetText("client.error"));
        Assert.Equal("web-01", result.Observations.GetText("client.host"));
    }

    [Fact]
    public async Task AOneMegabyteSingleLineIsShortenedAndStillRead()
    {
        var text = "ssh: connect to host web-01 port 22: Connection refused " + new string('A', 1024 * 1024);

        var result = await ParseAsync(text);

        Assert.Contains(result.Notes, n => n.Contains("shortened", StringComparison.Ordinal));
        Assert.Equal("connection-refused", result.Observations.GetText("client.error"));
    }

    [Theory]
    [InlineData("Connecting to ", " [")]
    [InlineData("Authenticating to ", ":")]
    [InlineData("Looking up host \"", "")]
    [InlineData("Permission denied (", ",")]
    [InlineData("Their offer: ", ",")]
    [InlineData("$ ssh ", "-o ")]
    public async Task LinesShapedToMakeAPatternBacktrackReturn(string prefix, string repeated)
    {
        var unit = repeated.Length == 0 ? "a" : repeated + "a";
        var bomb = prefix + string.Concat(Enumerable.Repeat(unit, 8000 / unit.Length)) + "!";
        var text = string.Join('\n', Enumerable.Repeat(bomb, 200));

        var result = await ParseAsync(text);

        Assert.NotNull(result);
    }

    [Fact]
    public async Task MillionsOfShortLinesAreCappedByLineCount()
    {
        var text = string.Concat(Enumerable.Repeat("x\n", 500_000));

        var result = await ParseAsync(text);

        Assert.Contains(result.Notes, n => n.Contains("lines were read", StringComparison.Ordinal));
    }

    [Fact]
    public void NullInputIsEmptyInput()
    {
        Assert.False(ClientLogParser.Parse(null).FoundAnything);
    }
}
