using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary><c>diagnose --from ADDRESS --symptom WORD</c>: what the user said, as report.* observations.</summary>
public sealed class ReportedOptionsTests
{
    [Fact]
    public async Task TheUsersAddressIsNormalisedAndSymptomsBecomeReportObservations()
    {
        var run = await Sshbot.RunAsync("diagnose", "127.0.0.1:9", "--json", "--no-record", "--from", "::ffff:198.51.100.7", "--symptom", "idle-drop", "--symptom", "transfer-hang");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("198.51.100.7", run.Observation("report.client_address"));
        Assert.Equal("True", run.Observation("report.idle_drop"));
        Assert.Equal("True", run.Observation("report.transfer_hang"));
        Assert.False(run.Json.GetProperty("observations").TryGetProperty("report.intermittent", out _));
    }

    [Theory]
    [InlineData("--from", "web-01")]
    [InlineData("--from", "198.51.100.7; id")]
    [InlineData("--from", "198.51.100.0/24")]
    [InlineData("--symptom", "slow")]
    [InlineData("--symptom", "idle-drop\u0007")]
    public async Task BadReportedInputExitsTwoWithOneLineAndProbesNothing(string option, string value)
    {
        var run = await Sshbot.RunAsync("diagnose", "127.0.0.1:9", "--json", "--no-record", option, value);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"sshbot: {option} must be", line, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }
}
