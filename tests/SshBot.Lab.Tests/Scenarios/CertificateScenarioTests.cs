using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>
/// Certificates on real lab sshd, through the real program configured as an operator would
/// (Ssh__CertificateFile, Ssh__HostCertificateAuthority, Ssh__RevokedHostCertificates): the bot
/// logs in with its user certificate, accepts a host certificate from its CA for the host's name
/// only, inside its window and not revoked, and each failure gets its article.
/// </summary>
[Collection(LabHosts.Name)]
public sealed class CertificateScenarioTests(LabFixture lab)
{
    private Dictionary<string, string> Configured(string? certificate = null) => new()
    {
        ["Ssh__IdentityFile"] = lab["bot_identity"],
        ["Ssh__CertificateFile"] = certificate ?? lab["bot_certificate"],
        ["Ssh__User"] = "root",
        ["Ssh__KnownHostsFile"] = lab["bot_known_hosts"],
        ["Ssh__HostCertificateAuthority"] = lab["host_ca_pub"],
        ["Ssh__RevokedHostCertificates"] = lab["revoked_host_certs"],
    };

    private Task<Sshbot.Run> Diagnose(string host, string? certificate = null) =>
        SshbotProcess.RunAsync(Configured(certificate), "diagnose", lab[host], "--json", "--no-record", "--timeout", "3", "--path-connects", "0");

    private static string[] List(Sshbot.Run run, string key) =>
        run.Json.GetProperty("observations").GetProperty(key).EnumerateArray().Select(e => e.GetString()!).ToArray();


    [Fact]
    public async Task AValidHostCertificateStandsForAnUnpinnedHostAndTheBotLogsInWithItsCertificate()
    {
        var run = await Diagnose("certok");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("accepted", run.Observation("ssh.auth.status"));
        Assert.Equal("valid", run.Observation("ssh.auth.hostcert.status"));
        Assert.Equal("known", run.Observation("ssh.auth.hostkey.status"));
        Assert.Equal("valid", run.Observation("ssh.auth.usercert.status"));
        Assert.Equal("ok", run.Observation("host.inspect.status"));
        Assert.Equal("healthy", run.Verdict);
        // The host has not authorised the bot's plain key: only the certificate can have logged it in.
        await lab.AssertSshdLogsAsync("certok", "Accepted publickey for root from");
        await lab.AssertSshdLogsAsync("certok", "ID sshbot-lab (serial 1) CA ED25519");
    }

    [Theory]
    [InlineData("certexpired", "expired", "it expired (valid 2020-01-01T00:00:00Z to 2020-01-02T00:00:00Z)")]
    [InlineData("certfuture", "not-yet-valid", "it is not valid yet (valid ")]
    public async Task AHostCertificateOutsideItsWindowIsHostCertificateExpiredAndNothingIsOffered(string host, string status, string why)
    {
        var run = await Diagnose(host);

        Assert.Equal("hostcert-invalid", run.Observation("ssh.auth.status"));
        Assert.Equal(status, run.Observation("ssh.auth.hostcert.status"));
        Assert.StartsWith($"Host certificate for {lab[host]} is invalid: {why}", run.Observation("ssh.auth.failure_line"), StringComparison.Ordinal);
        Assert.Equal("host-certificate-expired", run.Verdict);
        Assert.DoesNotContain("publickey for root", lab.SshdLog(host), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHostCertificateForAnotherNameIsAPrincipalMismatchAlthoughSshNetWouldAcceptIt()
    {
        var run = await Diagnose("certprincipal");

        Assert.Equal("principal-mismatch", run.Observation("ssh.auth.hostcert.status"));
        Assert.Equal(["other.sshbot.test"], List(run, "ssh.auth.hostcert.principals"));
        Assert.Equal($"Host certificate for {lab["certprincipal"]} is invalid: it is for other.sshbot.test, not {lab["certprincipal"]}; the bot stopped before authenticating.", run.Observation("ssh.auth.failure_line"));
        Assert.Equal("host-certificate-principal-mismatch", run.Verdict);
        Assert.DoesNotContain("publickey for root", lab.SshdLog("certprincipal"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARevokedHostCertificateIsRefused()
    {
        var run = await Diagnose("certrevoked");

        Assert.Equal("revoked", run.Observation("ssh.auth.hostcert.status"));
        Assert.Equal("host-certificate-revoked", run.Verdict);
        Assert.DoesNotContain("publickey for root", lab.SshdLog("certrevoked"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExpiredUserCertificateIsBotUserCertificateRejected()
    {
        var run = await Diagnose("certok", lab["bot_certificate_expired"]);

        Assert.Equal("denied", run.Observation("ssh.auth.status"));
        Assert.Equal("expired", run.Observation("ssh.auth.usercert.status"));
        Assert.Equal("2020-01-02T00:00:00Z", run.Observation("ssh.auth.usercert.valid_before"));
        Assert.Equal("bot-user-certificate-rejected", run.Verdict);
        await lab.AssertSshdLogsAsync("certok", "ID sshbot-lab-expired (serial 2)");
    }

    [Fact]
    public async Task AValidUserCertificateAHostWithoutTrustedUserCaKeysRefusesIsBotUserCertificateRejected()
    {
        var run = await Diagnose("nousercert");

        Assert.Equal("denied", run.Observation("ssh.auth.status"));
        Assert.Equal("valid", run.Observation("ssh.auth.usercert.status"));
        Assert.Equal("valid", run.Observation("ssh.auth.hostcert.status"));
        Assert.Equal("bot-user-certificate-rejected", run.Verdict);
    }

    [Fact]
    public async Task AHostThatOffersTheBotOnlyPasswordsIsBotAuthMethodUnavailable()
    {
        var run = await Diagnose("passwordonly");

        Assert.Equal("denied", run.Observation("ssh.auth.status"));
        Assert.Equal(["password"], List(run, "ssh.auth.methods"));
        Assert.Equal($"root@{lab["passwordonly"]}: Permission denied (password).", run.Observation("ssh.auth.failure_line"));
        Assert.Equal("bot-auth-method-unavailable", run.Verdict);
    }

    [Fact]
    public async Task TheBannerAndADisconnectReachTheReport()
    {
        var banner = await Diagnose("scripted");
        var disconnect = await Diagnose("maxauth");

        Assert.Equal("Authorised use only. Lab host scripted.\n", banner.Observation("ssh.auth.banner"));
        Assert.Equal("2", disconnect.Observation("ssh.auth.disconnect_code"));
        Assert.Equal("bot-login-denied", disconnect.Verdict);
    }
}
