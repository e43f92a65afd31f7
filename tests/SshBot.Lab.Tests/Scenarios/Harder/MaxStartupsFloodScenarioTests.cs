using System.Diagnostics;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios.Harder;

/// <summary>
/// An sshd with the default MaxStartups (10:30:100) kept past its limit by a flood of
/// unauthenticated connections from another lab namespace (infra/lab/flood.py: 40 held open,
/// bounded in time and count). About half of new connections are dropped; a diagnosis whose
/// own connection gets through must still see the throttling, from its path connects.
/// </summary>
[Collection(LabHosts.Name)]
public sealed class MaxStartupsFloodScenarioTests(LabFixture lab)
{
    private const int Runs = 20;

    [Fact]
    public async Task UnderAFloodPastMaxStartupsTheVerdictIsThrottlingInAtLeast19Of20Runs()
    {
        using var flood = await StartFloodAsync(hold: 40, seconds: 150);
        var verdicts = new List<string>();
        var throughOwnConnection = 0;
        try
        {
            for (var i = 0; i < Runs; i++)
            {
                var run = await Sshbot.RunAsync("diagnose", lab["flooded"], "--json", "--no-record");
                verdicts.Add(run.Verdict ?? "(none)");
                throughOwnConnection += run.Observation("ssh.banner.status") == "received" ? 1 : 0;
            }
        }
        finally
        {
            flood.Kill();
        }

        var right = verdicts.Count(v => v == "maxstartups-throttling");
        TestContext.Current.SendDiagnosticMessage($"maxstartups-throttling in {right} of {Runs} runs; the diagnosis's own connection got through in {throughOwnConnection}; verdicts: {string.Join(", ", verdicts)}");
        Assert.True(right >= 19, $"{right} of {Runs} right: {string.Join(", ", verdicts)}");
    }

    /// <summary>Starts the flood in the flooder namespace and waits for it to say it holds its connections.</summary>
    private async Task<Process> StartFloodAsync(int hold, int seconds)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", lab.Namespace("flooder"), "python3", Path.Combine(Repository.Root, "infra", "lab", "flood.py"), lab["flooded"], "22", hold.ToString(System.Globalization.CultureInfo.InvariantCulture), seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "5000" })
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the flood");
        using var ready = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        ready.CancelAfter(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(ready.Token);
        Assert.StartsWith("ready", line, StringComparison.Ordinal);
        return process;
    }
}
