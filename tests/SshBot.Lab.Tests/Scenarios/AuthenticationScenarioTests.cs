using System.Net;
using SshBot.Diagnostics.SshSessions;
using SshBot.Diagnostics.Targets;
using SshBot.Incidents;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>
/// The bot's own login (SSH.NET, in-process) against real lab sshd hosts: accepted,
/// unavailable, denied, host key changed or unknown, pinning with `hosts trust`, a jump host,
/// and the user's own pasted `ssh -v` kept apart from the bot's.
/// </summary>
[Collection(LabHosts.Name)]
public sealed class AuthenticationScenarioTests(LabFixture lab) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sshbot-auth-lab-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SshOptions BotIdentity => new()
    {
        IdentityFile = lab["bot_identity"],
        KnownHostsFile = lab["bot_known_hosts"],
        User = "root",
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>diagnose --json with the bot's identity, recording into this test's own data directory.</summary>
    private Task<Sshbot.Run> DiagnoseAsBot(string address, string? knownHosts = null, params string[] more) =>
        Sshbot.RunAsync(
        [
            "diagnose", address, "--json", "--timeout", "3", "--data-dir", _dir,
            "--identity", lab["bot_identity"], "--ssh-user", "root", "--known-hosts", knownHosts ?? lab["bot_known_hosts"], .. more,
        ]);


    private static string[] FindingIds(Sshbot.Run run) =>
        run.Json.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToArray();

    private static async Task<string> FingerprintAsync(string publicKeyFile)
    {
        var result = await Shell.RunAsync("ssh-keygen", ["-l", "-E", "sha256", "-f", publicKeyFile], TimeSpan.FromSeconds(10), Ct);
        return result.Stdout.Split(' ')[1];
    }

    private BotSshConnector Connector(SshOptions? options = null) => new(options ?? BotIdentity, TargetPolicy.Default);

    [Fact]
    public async Task TheSessionLogsInWithTheBotsIdentityAndRunsAScriptFromStdin()
    {
        var login = await Connector().LoginAsync(TargetParser.Parse(lab["healthy"]), IPAddress.Parse(lab["healthy"]), RequestOrigin.Cli, TimeSpan.FromSeconds(20), Ct);
        using var session = login.Session!;

        var result = await session.RunScriptAsync("echo inspected; echo \"$0\"\n", TimeSpan.FromSeconds(20), Ct);

        Assert.Equal("accepted", login.Login.Status);
        Assert.Equal(0, result.ExitStatus);
        Assert.False(result.TimedOut);
        Assert.Equal("inspected\n/bin/sh\n", result.Stdout);
        await lab.AssertSshdLogsAsync("healthy", "Accepted publickey for root from");
    }

    [Fact]
    public async Task ANameIsCheckedUnderItsOwnKnownHostsEntryWhileTheValidatedAddressIsDialled()
    {
        var login = await Connector().LoginAsync(TargetParser.Parse("web-01.sshbot.test"), IPAddress.Parse(lab["healthy"]), RequestOrigin.Cli, TimeSpan.FromSeconds(20), Ct);
        login.Session?.Dispose();
        var unpinnedName = await Connector().LoginAsync(TargetParser.Parse("web-02.sshbot.test"), IPAddress.Parse(lab["healthy"]), RequestOrigin.Cli, TimeSpan.FromSeconds(20), Ct);

        Assert.Equal("accepted", login.Login.Status);
        Assert.Equal("known", login.Login.HostKeyStatus);
        Assert.Equal("hostkey-unknown", unpinnedName.Login.Status);
        Assert.StartsWith("No ED25519 host key is known for web-02.sshbot.test", unpinnedName.Login.FailureLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHealthyHostWithTheBotsIdentityIsLoggedIntoAndHealthy()
    {
        var run = await DiagnoseAsBot(lab["healthy"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("accepted", run.Observation("ssh.auth.status"));
        Assert.Equal("known", run.Observation("ssh.auth.hostkey.status"));
        Assert.Equal(await FingerprintAsync(Path.Combine(lab.StateDirectory, "keys", "ssh_host_ed25519_key.pub")), run.Observation("ssh.auth.hostkey.fingerprint"));
        Assert.Equal(["publickey"], run.Json.GetProperty("observations").GetProperty("ssh.auth.methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("healthy", run.Verdict);
        await lab.AssertSshdLogsAsync("healthy", "Accepted publickey for root from");
    }

    [Fact]
    public async Task WithoutAnIdentityTheLoginIsUnavailableAndTheHostStillHealthy()
    {
        var run = await Sshbot.RunAsync("diagnose", lab["healthy"], "--json", "--timeout", "3", "--no-record");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("unavailable", run.Observation("ssh.auth.status"));
        Assert.Equal("skipped", run.Json.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "authenticate").GetProperty("status").GetString());
        Assert.Equal("healthy", run.Verdict);
    }

    [Fact]
    public async Task AHostThatHasNotAuthorisedTheBotIsBotLoginDeniedNotTheUsersKey()
    {
        var run = await DiagnoseAsBot(lab["botdenied"]);

        Assert.Equal("denied", run.Observation("ssh.auth.status"));
        Assert.Equal($"root@{lab["botdenied"]}: Permission denied (publickey).", run.Observation("ssh.auth.failure_line"));
        Assert.Equal("bot-login-denied", run.Verdict);
        Assert.DoesNotContain("auth-publickey-denied", FindingIds(run));
        await lab.AssertSshdLogsAsync("botdenied", "Failed publickey for root from");
    }

    [Fact]
    public async Task AChangedHostKeyIsReportedAndTheLoginStopsBeforeAuthentication()
    {
        var run = await DiagnoseAsBot(lab["hostkey"]);
        // The diagnosis ends with its path connects; while sshd reaps their children and those of
        // the handshake and login (slow on a loaded machine), the default MaxStartups 10:30:100
        // could drop a connection right behind them.
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        // OpenSSH, the reference, on the same host: it also refuses before authenticating.
        var direct = await Shell.RunAsync(
            "ssh",
            ["-v", "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", $"UserKnownHostsFile={lab["bot_known_hosts"]}", "-o", "GlobalKnownHostsFile=/dev/null",
             "-o", "IdentitiesOnly=yes", "-i", lab["bot_identity"], "-l", "root", "--", lab["hostkey"], "true"],
            TimeSpan.FromSeconds(20),
            Ct);

        Assert.Equal("hostkey-changed", run.Observation("ssh.auth.status"));
        Assert.Equal("changed", run.Observation("ssh.auth.hostkey.status"));
        Assert.Equal("never-seen", run.Observation("ssh.auth.hostkey.history"));
        Assert.Equal(await FingerprintAsync(lab["hostkey_current_pub"]), run.Observation("ssh.auth.hostkey.fingerprint"));
        Assert.Equal("host-key-changed", run.Verdict);
        // The proof that nothing was offered: ssh never asked for the userauth service, and the
        // host's sshd saw connections that closed before any authentication attempt.
        Assert.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", direct.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("SSH2_MSG_SERVICE_ACCEPT", direct.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Next authentication method", direct.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Offering public key", direct.Stderr, StringComparison.Ordinal);
        var log = lab.SshdLog("hostkey");
        Assert.Contains("Connection from ", log, StringComparison.Ordinal);
        Assert.DoesNotContain("publickey", log, StringComparison.Ordinal);
        Assert.DoesNotContain("authenticating user", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTerminalReportShowsTheLoginStageAndWhatItSaw()
    {
        var run = await Sshbot.RunAsync(
            "diagnose", lab["hostkey"], "--timeout", "3", "--no-record",
            "--identity", lab["bot_identity"], "--ssh-user", "root", "--known-hosts", lab["bot_known_hosts"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("  authenticate failed ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("  ssh.auth.hostkey.status = changed", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"  ssh.auth.hostkey.fingerprint = {await FingerprintAsync(lab["hostkey_current_pub"])}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("(host-key-changed)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChangedKeyTheHostUsedBeforeIsSeenBefore()
    {
        // The key the host serves now was trusted for it earlier (e.g. it was restored from an image).
        await using (var store = await IncidentStoreFactory.CreateAsync(new IncidentStoreOptions { DataDirectory = _dir }, ct: Ct))
        {
            await store.RecordHostKeyAsync(lab["hostkey"], 22, "ssh-ed25519", await FingerprintAsync(lab["hostkey_current_pub"]), Ct);
        }

        var run = await DiagnoseAsBot(lab["hostkey"]);

        Assert.Equal("host-key-changed", run.Verdict);
        Assert.Equal("seen-before", run.Observation("ssh.auth.hostkey.history"));
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), run.Observation("ssh.auth.hostkey.last_seen"));
        var evidence = run.Json.GetProperty("findings")[0].GetProperty("evidence").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Contains(evidence, e => e!.Contains("ssh.auth.hostkey.history", StringComparison.Ordinal) && e.Contains("seen-before", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnknownHostKeyIsBotHostkeyUnknownAndNothingIsOffered()
    {
        var empty = Path.Combine(_dir, "known_hosts");
        await File.WriteAllTextAsync(empty, "", Ct);

        var run = await DiagnoseAsBot(lab["healthy"], empty);

        Assert.Equal("hostkey-unknown", run.Observation("ssh.auth.status"));
        Assert.Equal("unknown", run.Observation("ssh.auth.hostkey.status"));
        Assert.StartsWith("No ED25519 host key is known for", run.Observation("ssh.auth.failure_line"), StringComparison.Ordinal);
        Assert.Equal("bot-hostkey-unknown", run.Verdict);
    }

    [Fact]
    public async Task HostsTrustPinsTheKeyAndTheNextDiagnosisKnowsIt()
    {
        var knownHosts = Path.Combine(_dir, "pinned_known_hosts");
        var fingerprint = await FingerprintAsync(Path.Combine(lab.StateDirectory, "keys", "ssh_host_ed25519_key.pub"));

        var trust = await Sshbot.RunAsync("hosts", "trust", lab["healthy"], "--yes", "--known-hosts", knownHosts, "--data-dir", _dir);
        var run = await DiagnoseAsBot(lab["healthy"], knownHosts);
        var show = await Sshbot.RunAsync("hosts", "show", lab["healthy"], "--known-hosts", knownHosts, "--data-dir", _dir);

        Assert.Equal(0, trust.ExitCode);
        Assert.Contains($"ssh-ed25519            {fingerprint}  (new)", trust.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Pinned 2 key(s) for {lab["healthy"]} in {knownHosts}", trust.Stdout, StringComparison.Ordinal); // the lab hosts have ed25519 and rsa keys
        Assert.Equal("accepted", run.Observation("ssh.auth.status"));
        Assert.Equal("known", run.Observation("ssh.auth.hostkey.status"));
        Assert.Equal("healthy", run.Verdict);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains($"ssh-ed25519            {fingerprint}  first ", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("(pinned)", show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostsTrustWithoutConfirmationChangesNothing()
    {
        var knownHosts = Path.Combine(_dir, "untouched_known_hosts");

        // The real binary with stdin closed: nobody answers the question.
        var trust = await Sshbot.RunInNamespaceAsync(lab.Namespace("client"), "hosts", "trust", lab["healthy"], "--known-hosts", knownHosts, "--data-dir", _dir);

        Assert.Equal(1, trust.ExitCode);
        Assert.Contains("Pin them for", trust.Stdout, StringComparison.Ordinal);
        Assert.Contains("Not pinned; nothing changed.", trust.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(knownHosts));
    }

    [Fact]
    public async Task HostsTrustAuditsItsDecisionWithTheAddressItScans()
    {
        var trust = await Sshbot.RunAsync("hosts", "trust", lab["healthy"], "--yes", "--known-hosts", Path.Combine(_dir, "kh"), "--data-dir", _dir);

        Assert.Equal(0, trust.ExitCode);
        using var line = System.Text.Json.JsonDocument.Parse(Assert.Single(File.ReadAllLines(Path.Combine(_dir, "audit.jsonl"))));
        Assert.StartsWith("cli:", line.RootElement.GetProperty("who").GetString(), StringComparison.Ordinal);
        Assert.Equal(lab["healthy"], line.RootElement.GetProperty("rawTarget").GetString());
        Assert.Equal([lab["healthy"]], line.RootElement.GetProperty("resolvedAddresses").EnumerateArray().Select(a => a.GetString()));
        Assert.True(line.RootElement.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task HostsTrustRefusesAHostileHostBeforeAnyProcess()
    {
        var trust = await Sshbot.RunAsync("hosts", "trust", "-oProxyCommand=id", "--yes", "--known-hosts", Path.Combine(_dir, "kh"), "--data-dir", _dir);

        Assert.Equal(2, trust.ExitCode);
        Assert.Contains("starts with '-'", trust.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "kh")));
    }

    [Fact]
    public async Task TheLoginGoesThroughTheConfiguredJumpHostAndTheTargetsAnswerCounts()
    {
        // healthy (which trusts the bot) is the jump host to botdenied (which does not): the jump hop
        // logs in, the target refuses, and the target's sshd sees the bot coming from the jump host.
        var run = await DiagnoseAsBot(lab["botdenied"], null, "--jump", $"root@{lab["healthy"]}");

        Assert.Equal("denied", run.Observation("ssh.auth.status"));
        Assert.Equal("bot-login-denied", run.Verdict);
        await lab.AssertSshdLogsAsync("botdenied", $"Failed publickey for root from {lab["healthy"]} port");
        var bot = lab["healthy"][..lab["healthy"].LastIndexOf('.')] + ".1";
        await lab.AssertSshdLogsAsync("healthy", $"Accepted publickey for root from {bot} port");
    }

    [Fact]
    public async Task TheConsoleChatLogsInWithTheIdentityAndKeepsTheKeysItTrusted()
    {
        var store = new IncidentStoreOptions { DataDirectory = _dir };
        using var input = new StringReader($"can't ssh to {lab["botdenied"]}\ncan't ssh to {lab["healthy"]}\nquit\n");
        using var output = new StringWriter();

        var exit = await SshBot.App.Chat.ChatCommand.RunAsync(input, output, Path.Combine(Repository.Root, "kb"), store, BotIdentity, Ct);

        var text = output.ToString();
        Assert.Equal(0, exit);
        Assert.Contains("Most likely cause: bot-login-denied", text, StringComparison.Ordinal);
        Assert.Contains("Most likely cause: healthy", text, StringComparison.Ordinal);
        await using var incidents = await IncidentStoreFactory.CreateAsync(store, ct: Ct);
        var keys = await incidents.GetHostKeysAsync(lab["healthy"], 22, Ct);
        var fingerprint = await FingerprintAsync(Path.Combine(lab.StateDirectory, "keys", "ssh_host_ed25519_key.pub"));
        Assert.Contains(keys, k => k.Sha256Fingerprint == fingerprint);
    }

    [Fact]
    public async Task TheShippedSudoersFileParsesAndAllowsNoWildcardOrShell()
    {
        var file = Path.Combine(Repository.Root, "infra", "deploy", "sudoers.sshbot");

        var check = await Shell.RunAsync("visudo", ["-cf", file], TimeSpan.FromSeconds(10), Ct);
        var rules = (await File.ReadAllLinesAsync(file, Ct)).Where(l => !l.TrimStart().StartsWith('#')).ToArray();

        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        Assert.DoesNotContain(rules, l => l.Contains('*', StringComparison.Ordinal));
        Assert.DoesNotContain(rules, l => l.Contains("/bin/sh", StringComparison.Ordinal) || l.Contains("bash", StringComparison.Ordinal) || l.Contains(" ALL,", StringComparison.Ordinal));
        Assert.Contains("sshbot ALL=(root) NOPASSWD: SSHBOT_INSPECT", rules);
    }

    [Fact]
    public async Task AMissingKeyFileIsOneClearErrorAndNothingRuns()
    {
        var run = await Sshbot.RunAsync("diagnose", lab["healthy"], "--json", "--no-record", "--identity", Path.Combine(_dir, "no_such_key"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("sshbot: Ssh:IdentityFile (--identity): the bot's private key '", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task TheUsersRealPermissionDeniedLogIsAuthPublickeyDeniedWhileTheBotGetsIn()
    {
        // The user's side: the real ssh with a key the host does not know, producing a real -v log.
        var wrongKey = Path.Combine(_dir, "users_key");
        await Shell.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", wrongKey], TimeSpan.FromSeconds(10), Ct);
        var user = await Shell.RunAsync(
            "ssh",
            ["-v", "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
             "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "ConnectTimeout=5", "-i", wrongKey, "-l", "root", "--", lab["healthy"], "true"],
            TimeSpan.FromSeconds(20),
            Ct);
        var log = Path.Combine(_dir, "users-ssh-v.txt");
        await File.WriteAllTextAsync(log, user.Stderr, Ct);

        var run = await DiagnoseAsBot(lab["healthy"], null, "--client-log", log);

        Assert.Equal(255, user.ExitCode);
        Assert.Contains("Permission denied (publickey)", user.Stderr, StringComparison.Ordinal);
        Assert.Equal("accepted", run.Observation("ssh.auth.status"));
        Assert.Equal("permission-denied", run.Observation("client.error"));
        Assert.Equal("auth-publickey-denied", run.Verdict);
        Assert.DoesNotContain("bot-login-denied", FindingIds(run));
    }
}
