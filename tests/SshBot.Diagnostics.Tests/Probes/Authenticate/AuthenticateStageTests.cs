using SshBot.Diagnostics.OpenSsh;
using SshBot.Diagnostics.Probes.Authenticate;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Tests.Fakes;

namespace SshBot.Diagnostics.Tests.Probes.Authenticate;

public sealed class AuthenticateStageTests
{
    private static readonly OpenSshOptions Identity = new() { IdentityFile = "/var/lib/sshbot/id_ed25519", KnownHostsFile = "/var/lib/sshbot/known_hosts" };

    private static (Probe Probe, RecordingProcessRunner Processes) WithLogin(string fixture, int exitCode, IHostKeyHistory? history = null)
    {
        var processes = new RecordingProcessRunner { Answer = new ProcessResult(exitCode, "", BotLoginParserTests.Fixture(fixture), false, TimeSpan.FromMilliseconds(40)) };
        var probe = new Probe { Runner = new OpenSshRunner(Identity, processes), History = history }.ServesHealthySshd();
        return (probe, processes);
    }

    [Fact]
    public async Task WithoutAnIdentityTheLoginIsUnavailableAndSkippedAndNothingIsStarted()
    {
        var probe = new Probe().ServesHealthySshd();
        var engine = new SshBot.Diagnostics.Engine.DiagnosisEngine(
            [.. SshBot.Diagnostics.Engine.StandardPlan.NetworkStages(probe.Resolver, probe.Connector, probe.Policy), .. SshBot.Diagnostics.Engine.StandardPlan.LoginStages(null)],
            probe.Policy,
            probe.Options);

        var result = await engine.DiagnoseAsync(SshBot.Diagnostics.Targets.TargetParser.Parse("10.1.2.3"), SshBot.Diagnostics.Targets.RequestOrigin.Cli, null, TestContext.Current.CancellationToken);

        Assert.Equal("unavailable", result.Observations["ssh.auth.status"].Text);
        Assert.Equal("skipped", result.Stages.Single(s => s.Name == "authenticate").StatusText);
        Assert.Equal("ok", result.Stages.Single(s => s.Name == "negotiate").StatusText);
    }

    [Fact]
    public async Task AnAcceptedLoginIsRecordedAsSshAuthOnlyAndItsKeyKeptInHistory()
    {
        var history = new MemoryHostKeyHistory();
        var (probe, _) = WithLogin("openssh-9.2-bot-accepted.txt", 0, history);

        var result = await probe.RunAsync("10.1.2.3");

        Assert.Equal("accepted", result.Observations["ssh.auth.status"].Text);
        Assert.Equal("known", result.Observations["ssh.auth.hostkey.status"].Text);
        Assert.Equal(["publickey"], result.Observations["ssh.auth.methods"].Items);
        Assert.DoesNotContain(result.Observations.Keys, k => k.StartsWith("client.", StringComparison.Ordinal));
        Assert.Equal("ok", result.Stages.Single(s => s.Name == "authenticate").StatusText);
        var kept = Assert.Single(await history.ListAsync("10.1.2.3", 22, TestContext.Current.CancellationToken));
        Assert.Equal("SHA256:uif3HXaEx691R1shO553pMTKLaglsgasaqIBmdF8urI", kept.Fingerprint);
    }

    [Fact]
    public async Task ADeniedLoginFailsTheStageWithTheLine()
    {
        var (probe, _) = WithLogin("openssh-9.2-bot-denied.txt", 255);

        var result = await probe.RunAsync("10.1.2.3");

        Assert.Equal("denied", result.Observations["ssh.auth.status"].Text);
        Assert.Equal("root@198.18.3.22: Permission denied (publickey).", result.Observations["ssh.auth.failure_line"].Text);
        Assert.Equal("failed", result.Stages.Single(s => s.Name == "authenticate").StatusText);
    }

    [Fact]
    public async Task AChangedKeyThisHostUsedBeforeIsSeenBeforeWithTheDate()
    {
        var history = new MemoryHostKeyHistory();
        await history.RecordAsync("10.1.2.3", 22, "ssh-ed25519", "SHA256:xYLz0B2wZquzcfsQQr/bE6xVHWk5h3e4wheWfJmbk20", TestContext.Current.CancellationToken);
        var (probe, _) = WithLogin("openssh-9.2-bot-hostkey-changed.txt", 255, history);

        var result = await probe.RunAsync("10.1.2.3");

        Assert.Equal("hostkey-changed", result.Observations["ssh.auth.status"].Text);
        Assert.Equal("seen-before", result.Observations["ssh.auth.hostkey.history"].Text);
        Assert.Equal(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), result.Observations["ssh.auth.hostkey.last_seen"].Text);
    }

    [Fact]
    public async Task AChangedKeyNeverSeenIsNeverSeenAndIsNotAddedToHistory()
    {
        var history = new MemoryHostKeyHistory();
        var (probe, _) = WithLogin("openssh-9.2-bot-hostkey-changed.txt", 255, history);

        var first = await probe.RunAsync("10.1.2.3");
        var second = await probe.RunAsync("10.1.2.3");

        Assert.Equal("never-seen", first.Observations["ssh.auth.hostkey.history"].Text);
        Assert.Equal("never-seen", second.Observations["ssh.auth.hostkey.history"].Text);
        Assert.Empty(await history.ListAsync("10.1.2.3", 22, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ATimedOutSshIsAnErrorSayingSo()
    {
        var processes = new RecordingProcessRunner { Answer = new ProcessResult(-1, "", "debug1: Connecting to", true, TimeSpan.FromSeconds(3)) };
        var probe = new Probe { Runner = new OpenSshRunner(Identity, processes) }.ServesHealthySshd();

        var result = await probe.RunAsync("10.1.2.3");

        Assert.Equal("error", result.Observations["ssh.auth.status"].Text);
        Assert.StartsWith("ssh did not finish within", result.Observations["ssh.auth.failure_line"].Text, StringComparison.Ordinal);
    }
}
