using System.Diagnostics;
using SshBot.Diagnostics.Inspection;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>
/// The shipped inspection script run for real inside a lab host's network namespace, fed on
/// stdin exactly as the bot sends it, under dash and busybox sh, as root and as nobody.
/// </summary>
[Collection(LabHosts.Name)]
public sealed class InspectionScriptLabTests(LabFixture lab)
{
    private static async Task<string> RunScriptAsync(params string[] command)
    {
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in command.Skip(1))
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command[0]}");
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.StandardInput.WriteAsync(InspectionScript.Text);
        process.StandardInput.Close();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the inspection script did not finish: {await stderr}");
        }

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    private async Task<string> ConfigOf(string host) =>
        await File.ReadAllTextAsync(Path.Combine(lab.StateDirectory, host, "sshd_config"), TestContext.Current.CancellationToken);

    [Theory]
    [InlineData("dash")]
    [InlineData("busybox")]
    public async Task TheScriptFindsTheSshdOwningThePortAndReadsItsConfigBack(string shell)
    {
        string[] sh = shell == "busybox" ? ["busybox", "sh", "-s"] : ["dash", "-s"];
        var output = await RunScriptAsync(["ip", "netns", "exec", lab.Namespace("healthy"), .. sh]);

        var report = InspectionParser.Parse(output, 22);

        var config = Path.Combine(lab.StateDirectory, "healthy", "sshd_config");
        Assert.Equal(config, report.Observations["host.sshd.config_file"].Text);
        Assert.Contains($"ListenAddress {lab["healthy"]}", await ConfigOf("healthy"), StringComparison.Ordinal);
        Assert.True(report.Observations["host.sshd.listening"].Flag);
        Assert.True(report.Observations["host.sshd.config_valid"].Flag);
        // The lab config sets PasswordAuthentication no and leaves MaxSessions and ClientAliveInterval at their defaults.
        Assert.False(report.Observations["host.sshd.passwordauthentication"].Flag);
        Assert.Equal(10, report.Observations["host.sshd.maxsessions"].Number);
        Assert.Equal(0, report.Observations["host.sshd.clientaliveinterval"].Number);
        Assert.Contains(report.Observations["host.sshd.log"].Items, l => l.Contains($"Server listening on {lab["healthy"]} port 22", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Sections, s => s.Status == InspectionSection.Incomplete);
    }

    [Fact]
    public async Task AsNobodyTheRootOnlyChecksSayNotPermittedAndTheRestStillRuns()
    {
        var output = await RunScriptAsync("ip", "netns", "exec", lab.Namespace("healthy"), "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "dash", "-s");

        var report = InspectionParser.Parse(output, 22);

        var unavailable = report.Observations["host.inspect.unavailable"].Items;
        Assert.Contains("firewall-nft: not-permitted exit 1", unavailable);
        Assert.Contains(unavailable, u => u.StartsWith("sshd-t ", StringComparison.Ordinal) && u.Contains("not-permitted", StringComparison.Ordinal));
        Assert.False(report.Observations.ContainsKey("host.sshd.config_valid"));
        Assert.True(report.Observations["host.sshd.listening"].Flag);
        Assert.True(report.Observations.ContainsKey("host.tcp_keepalive.time"));
    }
}
