using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>`sshbot diagnose` records every diagnosis as an incident, and history shows it.</summary>
[Collection(LabHosts.Name)]
public sealed class IncidentRecordingTests(LabFixture lab)
{
    [Fact]
    public async Task ADiagnosisIsRecordedWithItsStagesAndVerdictAndASecondRequestJoinsIt()
    {
        var dataDir = Directory.CreateTempSubdirectory("sshbot-incidents-").FullName;

        var first = await Sshbot.RunAsync("diagnose", lab["stopped"], "--data-dir", dataDir);
        var second = await Sshbot.RunAsync("diagnose", lab["stopped"], "--data-dir", dataDir);
        var list = await Sshbot.RunAsync("incidents", "list", "--data-dir", dataDir, "--json");
        var show = await Sshbot.RunAsync("incidents", "show", "1", "--data-dir", dataDir);

        Assert.Contains("Recorded as incident 1", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("joined the open incident", second.Stdout, StringComparison.Ordinal);
        var incidents = list.Json.EnumerateArray().ToArray();
        Assert.Single(incidents);
        Assert.Contains("sshd-not-listening", incidents[0].ToString(), StringComparison.Ordinal);
        Assert.Contains("connect failed", show.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, show.Stdout.Split("completed → sshd-not-listening").Length - 1);
    }

    [Fact]
    public async Task NoRecordLeavesNoStoreBehindButTheDecisionIsAudited()
    {
        var dataDir = Directory.CreateTempSubdirectory("sshbot-incidents-").FullName;

        var run = await Sshbot.RunAsync("diagnose", lab["stopped"], "--data-dir", dataDir, "--no-record", "--json");

        Assert.Equal(0, run.ExitCode);
        // --no-record keeps the incident out of history; what the bot probed is still audited.
        Assert.Equal(["audit.jsonl"], Directory.GetFiles(dataDir).Select(Path.GetFileName));
        using var line = System.Text.Json.JsonDocument.Parse(Assert.Single(File.ReadAllLines(Path.Combine(dataDir, "audit.jsonl"))));
        Assert.Equal(lab["stopped"], line.RootElement.GetProperty("rawTarget").GetString());
        Assert.True(line.RootElement.GetProperty("allowed").GetBoolean());
    }
}
