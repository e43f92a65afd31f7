using System.Diagnostics;
using System.Text.Json;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>
/// Causes that live on the host, diagnosed through the real CLI: the bot logs in to a lab sshd
/// with its own key, runs the inspection script, and the verdict carries the on-host evidence.
/// </summary>
[Collection(LabHosts.Name)]
public sealed class InspectionScenarioTests(LabFixture lab)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<Sshbot.Run> Diagnose(string host, params string[] extra) =>
        Sshbot.RunAsync(
        [
            "diagnose", lab[host], "--json", "--no-record", "--timeout", "5",
            "--identity", lab["bot_identity"], "--known-hosts", lab["bot_known_hosts"], "--ssh-user", "root", .. extra,
        ]);

    private static JsonElement Finding(Sshbot.Run run, string id) =>
        run.Json.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("id").GetString() == id);

    private static string[] Evidence(Sshbot.Run run, string id) =>
        Finding(run, id).GetProperty("evidence").EnumerateArray().Select(e => e.ToString()).ToArray();

    private static string Stage(Sshbot.Run run, string name) =>
        run.Json.GetProperty("stages").EnumerateArray().First(s => s.GetProperty("name").GetString() == name).GetProperty("status").GetString()!;

    [Fact]
    public async Task IdleDropsOnAHostWithClientAliveOffAreKeepaliveNotConfigured()
    {
        var run = await Diagnose("keepalive", "--symptom", "idle-drop");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("ok", Stage(run, "inspect"));
        Assert.Equal("ok", run.Observation("host.inspect.status"));
        Assert.Equal(Path.Combine(lab.StateDirectory, "keepalive", "sshd_config"), run.Observation("host.sshd.config_file"));
        Assert.Equal("0", run.Observation("host.sshd.clientaliveinterval"));
        Assert.Equal("keepalive-not-configured", run.Verdict);
        Assert.Contains(Evidence(run, "keepalive-not-configured"), e => e.Contains("host.sshd.clientaliveinterval == 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheTerminalReportShowsTheOnHostEvidence()
    {
        var run = await Sshbot.RunAsync(
            "diagnose", lab["keepalive"], "--no-record", "--symptom", "idle-drop",
            "--identity", lab["bot_identity"], "--known-hosts", lab["bot_known_hosts"], "--ssh-user", "root");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"(?m)^  inspect +ok +\d+ ms  \d+ checks, \d+ could not run$", run.Stdout);
        Assert.Contains($"  host.sshd.config_file = {Path.Combine(lab.StateDirectory, "keepalive", "sshd_config")}\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("  host.sshd.clientaliveinterval = 0\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("(keepalive-not-configured)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheUsersAddressInAnNftBanSetIsClientIpBannedWhileTheBotsOwnIsNot()
    {
        var client = lab["client"];

        var forUser = await Diagnose("banned", "--from", client);
        var forBot = await Diagnose("banned");

        Assert.Equal("client-ip-banned", forUser.Verdict);
        Assert.Equal("True", forUser.Observation("host.client_banned"));
        Assert.Contains($"{client} (nft set sshbot_bans)", forUser.Observation("host.bans"), StringComparison.Ordinal);
        Assert.Contains(Evidence(forUser, "client-ip-banned"), e => e.Contains("host.client_banned == true", StringComparison.Ordinal));
        Assert.Contains(Evidence(forUser, "client-ip-banned"), e => e.Contains(client, StringComparison.Ordinal));
        Assert.Contains(forUser.Json.GetProperty("observations").GetProperty("host.firewall.rules").EnumerateArray(), r => r.GetString() == "nft: tcp dport 22 ip saddr @sshbot_bans drop");

        // The bot logged in from the bridge address, which is not in the set.
        Assert.Equal("ok", forBot.Observation("host.inspect.status"));
        Assert.Equal("False", forBot.Observation("host.client_banned"));
        Assert.NotEqual("client-ip-banned", forBot.Verdict);
    }

    [Fact]
    public async Task AnInvalidEditOfTheRunningSshdsConfigIsSshdConfigInvalidWithTheSshdTLine()
    {
        var config = Path.Combine(lab.StateDirectory, "badconfig", "sshd_config");

        var run = await Diagnose("badconfig");

        Assert.Equal("ok", Stage(run, "authenticate"));
        Assert.Equal(config, run.Observation("host.sshd.config_file"));
        Assert.Equal("False", run.Observation("host.sshd.config_valid"));
        Assert.StartsWith($"{config} line ", run.Observation("host.sshd.config_error"), StringComparison.Ordinal);
        Assert.Equal("sshd-config-invalid", run.Verdict);
        Assert.Contains(Evidence(run, "sshd-config-invalid"), e => e.Contains($"{config} line ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASecondMultiplexedSessionRefusedByMaxSessionsIsMaxSessionsLimit()
    {
        var control = Path.Combine(Path.GetTempPath(), $"sshbot-mux-{Guid.NewGuid():N}"[..24]);
        using (var master = StartSsh("-M", "-S", control, "--", lab["banned"], "echo ready; sleep 30"))
        {
            try
            {
                // The master's own session is open once it prints; MaxSessions 1 is now used up.
                Assert.Equal("ready", await master.StandardOutput.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(20), Ct));
                using var second = StartSsh("-S", control, "-o", "ControlMaster=no", "--", lab["banned"], "true");
                var refused = await second.StandardError.ReadToEndAsync(Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct);
                Assert.Contains("Session open refused by peer", refused, StringComparison.Ordinal);
            }
            finally
            {
                master.Kill(entireProcessTree: true);
            }
        }

        var run = await Diagnose("banned");

        Assert.Equal("1", run.Observation("host.sshd.maxsessions"));
        Assert.Contains(run.Json.GetProperty("observations").GetProperty("host.sshd.log").EnumerateArray(), l => l.GetString() == "no more sessions");
        Assert.Equal("maxsessions-limit", run.Verdict);
        Assert.Contains(Evidence(run, "maxsessions-limit"), e => e.Contains("no more sessions", StringComparison.Ordinal));
    }

    private Process StartSsh(params string[] args)
    {
        var info = new ProcessStartInfo("ssh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", $"UserKnownHostsFile={lab["bot_known_hosts"]}",
                     "-o", "GlobalKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes", "-i", lab["bot_identity"], "-l", "root", .. args])
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start ssh");
        process.StandardInput.Close();
        return process;
    }
}
