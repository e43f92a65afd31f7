using System.Net;
using SshBot.Diagnostics.Inspection;
using SshBot.Diagnostics.SshSessions;
using SshBot.Diagnostics.Targets;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>
/// The bot's SSH.NET sessions against real lab sshd, one failure each: how SSH.NET ended is read
/// into the ssh.auth.* contract (denied with the offered methods, a disconnect's code and text,
/// timeouts by step, refused, closed before identifying, no common algorithm because the bot
/// offers no weak one), plus the banner, the script byte for byte, the cap on sessions, the jump
/// host's policy check and hosts trust's key fetch.
/// </summary>
[Collection(LabHosts.Name)]
public sealed class SshSessionScenarioTests(LabFixture lab)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SshOptions Bot => new()
    {
        IdentityFile = lab["bot_identity"],
        KnownHostsFile = lab["bot_known_hosts"],
        User = "root",
        ConnectTimeout = TimeSpan.FromSeconds(3),
    };

    private Task<LoginResult> LoginAsync(string host, SshOptions? options = null, TargetPolicy? policy = null, RequestOrigin origin = RequestOrigin.Cli) =>
        new BotSshConnector(options ?? Bot, policy ?? TargetPolicy.Default).LoginAsync(TargetParser.Parse(lab[host]), IPAddress.Parse(lab[host]), origin, TimeSpan.FromSeconds(20), Ct);


    [Fact]
    public async Task ADeniedLoginNamesTheMethodsTheServerOffered()
    {
        var keyOnly = await LoginAsync("botdenied");
        var passwordOnly = await LoginAsync("passwordonly");

        Assert.Equal(("denied", "root@" + lab["botdenied"] + ": Permission denied (publickey)."), (keyOnly.Login.Status, keyOnly.Login.FailureLine));
        Assert.Equal(["publickey"], keyOnly.Login.Methods);
        Assert.Equal(("denied", "root@" + lab["passwordonly"] + ": Permission denied (password)."), (passwordOnly.Login.Status, passwordOnly.Login.FailureLine));
        Assert.Equal(["password"], passwordOnly.Login.Methods);
        Assert.Null(passwordOnly.Session);
        // The bot never sent a password: sshd logged no password attempt.
        Assert.DoesNotContain("Failed password", lab.SshdLog("passwordonly"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerDisconnectIsReportedWithItsCodeAndText()
    {
        var result = await LoginAsync("maxauth");

        Assert.Equal("denied", result.Login.Status);
        Assert.Equal(2, result.Login.DisconnectCode);
        Assert.Equal($"Received disconnect from {lab["maxauth"]} port 22:2: Too many authentication failures", result.Login.FailureLine);
        await lab.AssertSshdLogsAsync("maxauth", "Disconnecting authenticating user root");
    }

    [Fact]
    public async Task TheServersPreLoginBannerIsKept()
    {
        var result = await LoginAsync("scripted");
        result.Session?.Dispose();

        Assert.Equal("accepted", result.Login.Status);
        Assert.Equal("Authorised use only. Lab host scripted.\n", result.Login.Banner);
        Assert.StartsWith("SSH-2.0-OpenSSH_", result.Login.ServerVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheInspectionScriptReachesTheHostByteForByteOnTheStdinOfBinShDashS()
    {
        // scripted's authorized_keys forces a command that prints what the bot asked to run and
        // the SHA-256 of every byte it wrote to stdin.
        var result = await LoginAsync("scripted");
        using var session = result.Session!;

        var run = await session.RunScriptAsync(InspectionScript.Text, TimeSpan.FromSeconds(20), Ct);

        Assert.Equal(0, run.ExitStatus);
        Assert.Equal($"command=/bin/sh -s\n{InspectionScript.Sha256}  -\n", run.Stdout);
    }

    [Fact]
    public async Task OutputPastTheCapIsCutAndSaysSo()
    {
        var result = await LoginAsync("healthy");
        using var session = result.Session!;

        var run = await session.RunScriptAsync("head -c 300000 /dev/zero | tr '\\0' x\necho done >&2\n", TimeSpan.FromSeconds(20), Ct, maxOutputBytes: 1000);

        Assert.Equal(0, run.ExitStatus);
        Assert.True(run.Truncated);
        Assert.Equal(new string('x', 1000), run.Stdout);
        Assert.Equal("done\n", run.Stderr);
    }

    [Fact]
    public async Task AScriptThatOutlivesItsTimeoutIsATimeoutWithWhatItPrinted()
    {
        var result = await LoginAsync("healthy");
        using var session = result.Session!;

        // Starting a session's command takes seconds on a loaded lab host; 10 s leaves room for it.
        var run = await session.RunScriptAsync("echo started\nsleep 30\necho never\n", TimeSpan.FromSeconds(10), Ct);

        Assert.True(run.TimedOut);
        Assert.Equal("started\n", run.Stdout);
        Assert.Null(run.ExitStatus);
    }

    [Theory]
    [InlineData("stopped", "connect to host {0} port 22: Connection refused")]
    [InlineData("closes", "Connection closed by {0} port 22 before it identified itself")]
    [InlineData("silent", "Connection to {0} port 22 timed out connecting or waiting for the server's identification (no answer within 4 s)")]
    public async Task AServerThatNeverSpeaksSshIsAnErrorSayingWhatHappened(string host, string expected)
    {
        var result = await new BotSshConnector(Bot, TargetPolicy.Default).LoginAsync(TargetParser.Parse(lab[host]), IPAddress.Parse(lab[host]), RequestOrigin.Cli, TimeSpan.FromSeconds(4), Ct);

        Assert.Equal("error", result.Login.Status);
        Assert.StartsWith(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, lab[host]), result.Login.FailureLine, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oldkex")]
    [InlineData("cbconly")]
    [InlineData("rsaonly")]
    public async Task AServerThatSpeaksOnlyWeakAlgorithmsIsRefusedBecauseTheBotOffersNone(string host)
    {
        var result = await LoginAsync(host);

        Assert.Equal("error", result.Login.Status);
        Assert.StartsWith($"Unable to negotiate with {lab[host]} port 22 using the bot's algorithms (no SHA-1, ssh-rsa, CBC or 3DES)", result.Login.FailureLine, StringComparison.Ordinal);
        Assert.Null(result.Login.HostKeyStatus);
    }

    [Fact]
    public async Task NoMoreSessionsAreOpenAtOnceThanConfigured()
    {
        var connector = new BotSshConnector(Bot with { MaxConcurrentSessions = 1 }, TargetPolicy.Default);
        var target = TargetParser.Parse(lab["healthy"]);
        var address = IPAddress.Parse(lab["healthy"]);

        var first = await connector.LoginAsync(target, address, RequestOrigin.Cli, TimeSpan.FromSeconds(20), Ct);
        var second = connector.LoginAsync(target, address, RequestOrigin.Cli, TimeSpan.FromSeconds(20), Ct);
        var waiting = connector.Waiting;
        var openWhileWaiting = connector.OpenSessions;
        var finishedEarly = second.IsCompleted;
        first.Session!.Dispose();
        var after = await second;
        after.Session!.Dispose();

        Assert.Equal((1, 1, false), (waiting, openWhileWaiting, finishedEarly));
        Assert.Equal("accepted", after.Login.Status);
        Assert.Equal(0, connector.OpenSessions);
    }

    [Fact]
    public async Task AJumpHostTheChatPolicyDoesNotAllowIsRefusedBeforeAnyConnection()
    {
        // Chat may probe the target's address but not the jump host's.
        var policy = new TargetPolicy(new TargetPolicyOptions { Allow = [lab["botdenied"] + "/32"] });
        var before = lab.SshdLog("keepalive").Length;

        var result = await LoginAsync("botdenied", Bot with { JumpHost = $"root@{lab["keepalive"]}" }, policy, RequestOrigin.Chat);

        Assert.Equal("error", result.Login.Status);
        Assert.StartsWith($"the jump host root@{lab["keepalive"]} is refused by the target policy: ", result.Login.FailureLine, StringComparison.Ordinal);
        Assert.Equal(before, lab.SshdLog("keepalive").Length);
    }

    [Fact]
    public async Task AJumpHostTheChatPolicyAllowsCarriesTheLoginThroughALoopbackListenerThatLivesWithTheSession()
    {
        var policy = new TargetPolicy(new TargetPolicyOptions { Allow = [lab["healthy"] + "/32", lab["keepalive"] + "/32"] });
        var before = OwnLoopbackListeners();

        var result = await LoginAsync("healthy", Bot with { JumpHost = $"root@{lab["keepalive"]}" }, policy, RequestOrigin.Chat);
        var during = OwnLoopbackListeners();
        var script = await result.Session!.RunScriptAsync("echo through\n", TimeSpan.FromSeconds(20), Ct);
        result.Session.Dispose();
        var after = OwnLoopbackListeners();

        Assert.Equal("accepted", result.Login.Status);
        Assert.Equal("through\n", script.Stdout);
        await lab.AssertSshdLogsAsync("healthy", $"Accepted publickey for root from {lab["keepalive"]} port");
        Assert.Single(during.Except(before));
        Assert.Empty(after.Except(before));
    }

    /// <summary>The listening TCP sockets on 127.0.0.1 this process holds (by socket inode), as "port".</summary>
    private static HashSet<string> OwnLoopbackListeners()
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } link && link.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(link[8..^1]);
                }
            }
            catch (IOException)
            {
                // The descriptor closed while listing.
            }
        }

        var ports = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length > 9 && f[3] == "0A" && f[1].StartsWith("0100007F:", StringComparison.Ordinal) && inodes.Contains(f[9]))
            {
                ports.Add(f[1][9..]);
            }
        }

        return ports;
    }

    [Fact]
    public async Task TheJumpHostsKeyIsCheckedLikeAnyHosts()
    {
        // hostkey's pinned key is not the one it serves: as a jump host it is refused too.
        var result = await LoginAsync("healthy", Bot with { JumpHost = $"root@{lab["hostkey"]}" });

        Assert.Equal("hostkey-changed", result.Login.Status);
        Assert.StartsWith($"jump host root@{lab["hostkey"]}: WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!", result.Login.FailureLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostKeysAreFetchedOnePerTypeWithoutAuthenticating()
    {
        var scan = await HostKeyFetcher.FetchAsync(IPAddress.Parse(lab["keepalive"]), 22, TimeSpan.FromSeconds(5), Ct);
        var reference = await Shell.RunAsync("ssh-keyscan", ["-t", "ed25519,ecdsa,rsa", "--", lab["keepalive"]], TimeSpan.FromSeconds(20), Ct);

        // ssh-keyscan, the reference, sees the same keys.
        var expected = reference.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).Select(l => string.Join(' ', l.Split(' ')[1..3])).Order();
        Assert.Equal(expected, scan.Keys.Select(k => $"{k.KeyType} {k.Base64}").Order());
        Assert.Null(scan.Problem);
    }
}
