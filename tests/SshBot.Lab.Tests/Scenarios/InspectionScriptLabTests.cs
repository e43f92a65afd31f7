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

    private string LastLogLine() => File.ReadLines(Path.Combine(lab.StateDirectory, "healthy", "sshd.log")).Last(l => l.Length > 0);

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
        // The newest lines of that sshd's own -E log (other tests may have filled it since it started).
        Assert.Equal(LastLogLine(), report.Observations["host.sshd.log"].Items[^1]);
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

    [Fact]
    public async Task AsAnUnprivilegedUserTheShippedSudoersGivesTheScriptExactlyWhatItNeeds()
    {
        // The shipped file for user nobody, with the lab host's own sshd lines added the way the
        // README tells an admin to for a config or log file other than the default.
        var healthy = Path.Combine(lab.StateDirectory, "healthy");
        var shipped = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "infra", "deploy", "sudoers.sshbot"), TestContext.Current.CancellationToken);
        var local = shipped.Replace("Defaults:sshbot", "Defaults:nobody", StringComparison.Ordinal)
            .Replace("sshbot ALL=(root)", "nobody ALL=(root)", StringComparison.Ordinal)
            .Replace(
                "    /usr/bin/ss -tlnp, \\",
                $"    /usr/sbin/sshd -T -f {healthy}/sshd_config, \\\n    /usr/sbin/sshd -t -f {healthy}/sshd_config, \\\n    /usr/bin/tail -n 200 {healthy}/sshd.log, \\\n    /usr/bin/ss -tlnp, \\",
                StringComparison.Ordinal);
        Assert.Contains($"-t -f {healthy}/sshd_config", local, StringComparison.Ordinal);
        var file = $"/etc/sudoers.d/zz-sshbot-lab-{Guid.NewGuid():N}";
        var candidate = Path.Combine(lab.StateDirectory, "sudoers.candidate");
        await File.WriteAllTextAsync(candidate, local, TestContext.Current.CancellationToken);
        var check = await Shell.RunAsync("visudo", ["-cf", candidate], TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        var install = await Shell.RunAsync("install", ["-m", "0440", candidate, file], TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(install.ExitCode == 0, install.Stderr);
        string output;
        try
        {
            output = await RunScriptAsync("ip", "netns", "exec", lab.Namespace("healthy"), "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "dash", "-s");
        }
        finally
        {
            File.Delete(file);
        }

        var report = InspectionParser.Parse(output, 22);

        Assert.Equal(Path.Combine(healthy, "sshd_config"), report.Observations["host.sshd.config_file"].Text);
        Assert.True(report.Observations["host.sshd.config_valid"].Flag);
        Assert.Equal(10, report.Observations["host.sshd.maxsessions"].Number);
        Assert.Equal(LastLogLine(), report.Observations["host.sshd.log"].Items[^1]);
        Assert.Empty(report.Observations["host.bans"].Items);
        Assert.True(report.Observations.ContainsKey("host.oom.kills"));
        var unavailable = report.Observations["host.inspect.unavailable"].Items;
        Assert.DoesNotContain(unavailable, u => u.Contains("not-permitted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AUsersOwnProcessNamedSshdNeverHasItsProgramOrFilesUsedAsRoot()
    {
        // An unprivileged user's program called "sshd", listening on a high port, whose command
        // line names a file only root may read.
        var dir = Directory.CreateTempSubdirectory("sshbot-fake-sshd-").FullName;
        var fake = Path.Combine(dir, "sshd");
        File.Copy("/usr/bin/python3", fake);
        await Shell.RunAsync("chown", ["-R", "65534:65534", dir], TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        var code = $"import socket,sys,time; s=socket.socket(); s.bind(('{lab["healthy"]}', 2222)); s.listen(); print('ready', flush=True); time.sleep(60)";
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in (string[])["netns", "exec", lab.Namespace("healthy"), "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", fake, "-c", code, "-f", "/etc/shadow", "-E", "/etc/shadow"])
        {
            info.ArgumentList.Add(a);
        }

        using var user = Process.Start(info)!;
        string output;
        try
        {
            Assert.Equal("ready", await user.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
            output = await RunScriptAsync("ip", "netns", "exec", lab.Namespace("healthy"), "dash", "-s");
        }
        finally
        {
            user.Kill(entireProcessTree: true);
            Directory.Delete(dir, recursive: true);
        }

        var sections = InspectionFrames.Parse(output);
        var pid = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // ip netns exec and setpriv exec in place, so the fake sshd has the started process's pid.
        var fakeSection = Assert.Single(sections, s => s.Name == "sshd" && s.Argument == pid);
        Assert.Equal("65534", fakeSection.Pairs()["owner"]);
        Assert.Equal("/usr/sbin/sshd", fakeSection.Pairs()["binary"]);
        foreach (var name in new[] { "sshd-T", "sshd-t" })
        {
            var refused = Assert.Single(sections, s => s.Name == name && s.Argument == pid);
            Assert.Equal("not-permitted started by uid 65534", $"{refused.Status} {refused.StatusDetail}");
            Assert.Empty(refused.Lines);
        }

        Assert.DoesNotContain(sections, s => s.Name == "sshd-log-file" && s.Argument == pid);
        Assert.DoesNotContain("root:", output, StringComparison.Ordinal);

        // The real sshd on port 22 is still the one read.
        var report = InspectionParser.Parse(output, 22);
        Assert.Equal(Path.Combine(lab.StateDirectory, "healthy", "sshd_config"), report.Observations["host.sshd.config_file"].Text);
        Assert.True(report.Observations["host.sshd.config_valid"].Flag);
    }
}
