using SshBot.Diagnostics.Probes.Authenticate;
using SshBot.Diagnostics.SshSessions;
using SshBot.Diagnostics.Targets;
using SshBot.Diagnostics.Tests.Fakes;

namespace SshBot.Diagnostics.Tests.Probes.Authenticate;

public sealed class AuthenticateStageTests
{
    private const string Changed = "SHA256:xYLz0B2wZquzcfsQQr/bE6xVHWk5h3e4wheWfJmbk20";

    private static (Probe Probe, FakeBotLogins Logins) WithLogin(BotLogin answer, IHostKeyHistory? history = null)
    {
        var logins = new FakeBotLogins { Answer = answer };
        return (new Probe { Logins = logins, History = history }.ServesHealthySshd(), logins);
    }

    private static BotLogin ChangedKey => new("hostkey-changed", [], null, "ssh-ed25519", Changed, "changed", "WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! 10.1.2.3 presents ...", false);

    [Fact]
    public async Task WithoutAnIdentityTheLoginIsUnavailableAndSkippedAndNothingIsStarted()
    {
        var probe = new Probe().ServesHealthySshd();
        var engine = new SshBot.Diagnostics.Engine.DiagnosisEngine(
            [.. SshBot.Diagnostics.Engine.StandardPlan.NetworkStages(probe.Resolver, probe.Connector, probe.Policy), .. SshBot.Diagnostics.Engine.StandardPlan.LoginStages(null)],
            probe.Policy,
            probe.Options);

        var result = await engine.DiagnoseAsync(TargetParser.Parse("10.1.2.3"), RequestOrigin.Cli, null, TestContext.Current.CancellationToken);

        Assert.Equal("unavailable", result.Observations["ssh.auth.status"].Text);
        Assert.Equal("skipped", result.Stages.Single(s => s.Name == "authenticate").StatusText);
        Assert.Equal("ok", result.Stages.Single(s => s.Name == "negotiate").StatusText);
    }

    [Fact]
    public async Task TheLoginDialsTheValidatedAddressWithTheRequestsOrigin()
    {
        var (probe, logins) = WithLogin(FakeBotLogins.Accepted);
        probe.Resolves("web-01.corp.example", "10.1.2.3");

        await probe.RunAsync("web-01.corp.example", RequestOrigin.Cli);

        var (target, address, origin) = logins.Logins[0];
        Assert.Equal("web-01.corp.example", target.Host);
        Assert.Equal("10.1.2.3", address.ToString());
        Assert.Equal(RequestOrigin.Cli, origin);
    }

    [Fact]
    public async Task AnAcceptedLoginIsRecordedAsSshAuthOnlyAndItsKeyKeptInHistory()
    {
        var history = new MemoryHostKeyHistory();
        var (probe, _) = WithLogin(FakeBotLogins.Accepted with { Banner = "Authorised use only." }, history);

        var result = await probe.RunAsync("10.1.2.3");

        Assert.Equal("accepted", result.Observations["ssh.auth.status"].Text);
        Assert.Equal("known", result.Observations["ssh.auth.hostkey.status"].Text);
        Assert.Equal(["publickey"], result.Observations["ssh.auth.methods"].Items);
        Assert.Equal("Authorised use only.", result.Observations["ssh.auth.banner"].Text);
        Assert.DoesNotContain(result.Observations.Keys, k => k.StartsWith("client.", StringComparison.Ordinal));
        Assert.Equal("ok", result.Stages.Single(s => s.Name == "authenticate").StatusText);
        var kept = Assert.Single(await history.ListAsync("10.1.2.3", 22, TestContext.Current.CancellationToken));
        Assert.Equal("SHA256:uif3HXaEx691R1shO553pMTKLaglsgasaqIBmdF8urI", kept.Fingerprint);
    }

    [Fact]
    public async Task ADeniedLoginFailsTheStageWithTheLineAndTheOfferedMethods()
    {
        var denied = new BotLogin("denied", ["password"], null, "ssh-ed25519", "SHA256:x", "known", "root@10.1.2.3: Permission denied (password).", true) { DisconnectCode = 2 };
        var (probe, _) = WithLogin(denied);

        var result = await probe.RunAsync("10.1.2.3");

        Assert.Equal("denied", result.Observations["ssh.auth.status"].Text);
        Assert.Equal(["password"], result.Observations["ssh.auth.methods"].Items);
        Assert.Equal(2, result.Observations["ssh.auth.disconnect_code"].Number);
        Assert.Equal("root@10.1.2.3: Permission denied (password).", result.Observations["ssh.auth.failure_line"].Text);
        Assert.Equal("failed", result.Stages.Single(s => s.Name == "authenticate").StatusText);
    }

    [Fact]
    public async Task AChangedKeyThisHostUsedBeforeIsSeenBeforeWithTheDate()
    {
        var history = new MemoryHostKeyHistory();
        await history.RecordAsync("10.1.2.3", 22, "ssh-ed25519", Changed, TestContext.Current.CancellationToken);
        var (probe, _) = WithLogin(ChangedKey, history);

        var result = await probe.RunAsync("10.1.2.3");

        Assert.Equal("hostkey-changed", result.Observations["ssh.auth.status"].Text);
        Assert.Equal("seen-before", result.Observations["ssh.auth.hostkey.history"].Text);
        Assert.Equal(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), result.Observations["ssh.auth.hostkey.last_seen"].Text);
    }

    [Fact]
    public async Task AChangedKeyNeverSeenIsNeverSeenAndIsNotAddedToHistory()
    {
        var history = new MemoryHostKeyHistory();
        var (probe, _) = WithLogin(ChangedKey, history);

        var first = await probe.RunAsync("10.1.2.3");
        var second = await probe.RunAsync("10.1.2.3");

        Assert.Equal("never-seen", first.Observations["ssh.auth.hostkey.history"].Text);
        Assert.Equal("never-seen", second.Observations["ssh.auth.hostkey.history"].Text);
        Assert.Empty(await history.ListAsync("10.1.2.3", 22, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AnInvalidHostCertificateIsRecordedWithItsWindowAndNotKeptInHistory()
    {
        var history = new MemoryHostKeyHistory();
        var expired = new BotLogin("hostcert-invalid", [], null, "ssh-ed25519", "SHA256:x", null, "Host certificate for 10.1.2.3 is invalid: it expired", false)
        {
            HostCertificateStatus = "expired",
            HostCertificate = new HostCertificateSummary("web-01", 7, ["10.1.2.3"], "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z", "SHA256:ca"),
        };
        var (probe, _) = WithLogin(expired, history);

        var result = await probe.RunAsync("10.1.2.3");

        Assert.Equal("hostcert-invalid", result.Observations["ssh.auth.status"].Text);
        Assert.Equal("expired", result.Observations["ssh.auth.hostcert.status"].Text);
        Assert.Equal("2020-01-02T00:00:00Z", result.Observations["ssh.auth.hostcert.valid_before"].Text);
        Assert.False(result.Observations.ContainsKey("ssh.auth.hostkey.status"));
        Assert.Empty(await history.ListAsync("10.1.2.3", 22, TestContext.Current.CancellationToken));
    }
}
