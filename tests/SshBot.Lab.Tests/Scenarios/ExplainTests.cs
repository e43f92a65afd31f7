using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>
/// <c>sshbot explain</c> and <c>diagnose --client-log</c> through the real command tree. Explain
/// opens no socket, so no lab is needed; the diagnose tests probe a closed loopback port only.
/// </summary>
public sealed class ExplainTests : IDisposable
{
    private const string Refused = """
        ana@laptop:~$ ssh -v -p 2222 deploy@web-01
        OpenSSH_8.9p1 Ubuntu-3ubuntu0.6, OpenSSL 3.0.2 15 Mar 2022
        debug1: Connecting to web-01 [10.1.2.3] port 2222.
        debug1: connect to address 10.1.2.3 port 2222: Connection refused
        ssh: connect to host web-01 port 2222: Connection refused
        """;

    private const string ResetDuringIdentification = """
        OpenSSH_8.4p1 Debian-5+deb11u3, OpenSSL 1.1.1w  11 Sep 2023
        debug1: Connecting to git.corp.example [10.5.0.9] port 22.
        debug1: Connection established.
        kex_exchange_identification: read: Connection reset by peer
        Connection reset by 10.5.0.9 port 22
        """;

    private const string KexMismatch = """
        OpenSSH_9.6p1 Ubuntu-3ubuntu13.5, OpenSSL 3.0.13 30 Jan 2024
        debug1: Connecting to switch-01 [10.0.0.254] port 22.
        debug2: local client KEXINIT proposal
        debug2: KEX algorithms: curve25519-sha256,diffie-hellman-group14-sha256
        debug2: peer server KEXINIT proposal
        debug2: KEX algorithms: diffie-hellman-group1-sha1
        Unable to negotiate with 10.0.0.254 port 22: no matching key exchange method found. Their offer: diffie-hellman-group1-sha1
        """;

    private const string TimedOut = """
        $ ssh -v 127.0.0.1 -p 9
        OpenSSH_9.6p1 Ubuntu-3ubuntu13.5, OpenSSL 3.0.13 30 Jan 2024
        debug1: Connecting to 127.0.0.1 [127.0.0.1] port 9.
        ssh: connect to host 127.0.0.1 port 9: Connection timed out
        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("sshbot-explain-tests-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string text, string name = "paste.txt")
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static IEnumerable<string> FindingIds(Sshbot.Run run) =>
        run.Json.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()!);

    [Fact]
    public async Task ARefusedConnectionIsExplainedWithTheQuotedLineAndTheCommandToCheckIt()
    {
        var run = await Sshbot.RunAsync("explain", Write(Refused));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Likely: Nothing listens on the SSH port", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("> ssh: connect to host web-01 port 2222: Connection refused", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("host:    web-01 port 2222, user deploy", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("client:  OpenSSH_8.9p1", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Next: sshbot diagnose deploy@web-01:2222", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("from the pasted text only", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatTheTextCannotTellIsSaid()
    {
        var run = await Sshbot.RunAsync("explain", Write(ResetDuringIdentification));

        Assert.Contains("What the text cannot tell:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("can be a ban (fail2ban, sshguard), TCP wrappers, MaxStartups", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("run `sshbot diagnose git.corp.example`", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheJsonReportHasTheDiagnoseShapeWithTheHostFoundAndNoAddresses()
    {
        var run = await Sshbot.RunAsync("explain", Write(Refused), "--json");

        Assert.Equal(0, run.ExitCode);
        var target = run.Json.GetProperty("target");
        Assert.Equal("web-01", target.GetProperty("host").GetString());
        Assert.Equal(2222, target.GetProperty("port").GetInt32());
        Assert.Equal("deploy", target.GetProperty("user").GetString());
        Assert.Equal(0, target.GetProperty("addresses").GetArrayLength());
        Assert.Equal(0, run.Json.GetProperty("stages").GetArrayLength());
        Assert.Equal("sshd-not-listening", run.Verdict);
        Assert.Equal("connection-refused", run.Observation("client.error"));
        Assert.Equal("connect", run.Observation("client.stage"));
        var lines = run.Json.GetProperty("findings")[0].GetProperty("lines").EnumerateArray().Select(l => l.GetString()).ToArray();
        Assert.Contains("ssh: connect to host web-01 port 2222: Connection refused", lines);
    }

    [Fact]
    public async Task AVerdictFromTextAloneNeverReachesTheConfidenceOfAProbeConfirmedOne()
    {
        var run = await Sshbot.RunAsync("explain", Write(KexMismatch), "--json");

        Assert.Equal("kex-algorithm-mismatch", run.Verdict);
        var confidence = run.Json.GetProperty("verdict").GetProperty("confidence").GetDouble();
        Assert.Equal(0.72, confidence, 3);
    }

    [Fact]
    public async Task TheExactAlgorithmMismatchIsNamed()
    {
        var run = await Sshbot.RunAsync("explain", Write(KexMismatch));

        Assert.Contains("Mismatch: key exchange: your client offers only curve25519-sha256, diffie-hellman-group14-sha256; the server only diffie-hellman-group1-sha1", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenTheTextFitsSeveralArticlesTheRunnerUpsStayVisible()
    {
        var run = await Sshbot.RunAsync("explain", Write(ResetDuringIdentification), "--json");

        // A reset at the banner is a symptom: its causes lead, the symptom stays listed behind them.
        Assert.Equal("maxstartups-throttling", run.Verdict);
        Assert.Contains("source-address-refused", FindingIds(run));
        Assert.Contains("client-ip-banned", FindingIds(run));
        Assert.Contains("connection-closed-before-banner", FindingIds(run));
    }

    [Fact]
    public async Task OutputThatShowsALoginThatWorkedIsExplainedAsHealthy()
    {
        const string worked = """
            $ ssh -T git@github.com
            Hi ana! You've successfully authenticated, but GitHub does not provide shell access.
            """;

        var run = await Sshbot.RunAsync("explain", Write(worked), "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("healthy", run.Verdict);
    }

    [Fact]
    public async Task EachEvidenceLineOfAPasteSaysItCameFromThePaste()
    {
        var run = await Sshbot.RunAsync("explain", Write(Refused), "--json");
        var text = await Sshbot.RunAsync("explain", Write(Refused, "again.txt"));

        var sources = run.Json.GetProperty("findings")[0].GetProperty("evidenceSources").EnumerateArray()
            .Select(e => e.GetProperty("source").GetString()).ToArray();
        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.Equal("paste", s));
        Assert.Contains("because client.error == connection-refused (observed: connection-refused) [from your paste]", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiagnoseWithAClientLogSaysWhichEvidenceIsTheBotsAndWhichTheUsers()
    {
        var run = await Sshbot.RunAsync("diagnose", "127.0.0.1:9", "--json", "--no-record", "--client-log", Write(TimedOut));

        var sources = run.Json.GetProperty("findings").EnumerateArray()
            .SelectMany(f => f.GetProperty("evidenceSources").EnumerateArray())
            .Select(e => (Evidence: e.GetProperty("evidence").GetString()!, Source: e.GetProperty("source").GetString()))
            .ToArray();
        Assert.Contains(sources, e => e.Evidence.StartsWith("tcp.status", StringComparison.Ordinal) && e.Source == "probe");
        Assert.Contains(sources, e => e.Evidence.StartsWith("client.error", StringComparison.Ordinal) && e.Source == "paste");
    }

    [Fact]
    public async Task AFailureNoArticleCoversIsShownAsFoundNotAsNoErrorAtAll()
    {
        // A log that stops waiting for the server's NEWKEYS: the parser reads a stall there, and no
        // article names a cause for it (pick another step if one comes to).
        const string stalled = """
            debug1: Connecting to web-01 [198.18.0.5] port 22.
            debug1: Connection established.
            debug1: SSH2_MSG_KEX_ECDH_REPLY received
            debug1: Server host key: ssh-ed25519 SHA256:Zm9vYmFy
            debug1: expecting SSH2_MSG_NEWKEYS
            """;

        var run = await Sshbot.RunAsync("explain", Write(stalled));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("error:   stalled at stage kex", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("No article in the knowledge base matches this error.", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("", run.Stderr);
    }

    [Theory]
    [InlineData("")]
    [InlineData("can someone check web-01? thanks")]
    public async Task InputWithNoSshErrorExitsTwoWithOneClearLine(string text)
    {
        var run = await Sshbot.RunAsync("explain", Write(text));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("sshbot: no SSH error found in the input", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    public async Task WithNoFileOrADashTheTextIsReadFromStdin(string file)
    {
        var before = Console.In;
        Console.SetIn(new StringReader(Refused));
        try
        {
            var run = await Sshbot.RunAsync(file.Length == 0 ? ["explain", "--json"] : ["explain", file, "--json"]);

            Assert.Equal(0, run.ExitCode);
            Assert.Equal("sshd-not-listening", run.Verdict);
        }
        finally
        {
            Console.SetIn(before);
        }
    }

    [Fact]
    public async Task AFileThatCannotBeReadExitsTwo()
    {
        var run = await Sshbot.RunAsync("explain", Path.Combine(_dir.FullName, "missing.txt"));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("sshbot: cannot read", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileLargerThanTheCapIsExplainedFromItsStartAndSaysSo()
    {
        var big = Refused + "\n" + string.Concat(Enumerable.Repeat("debug3: nothing to see here\n", 60_000));

        var run = await Sshbot.RunAsync("explain", Write(big));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("note: the input was cut to its first 1024 KiB", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheClientLogJoinsTheBotsOwnObservationsInDiagnose()
    {
        var run = await Sshbot.RunAsync("diagnose", "127.0.0.1:9", "--json", "--no-record", "--client-log", Write(TimedOut));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("refused", run.Observation("tcp.status"));
        Assert.Equal("connection-timed-out", run.Observation("client.error"));
        Assert.Contains("firewall-silent-drop", FindingIds(run));
        Assert.Contains("sshd-not-listening", FindingIds(run));
    }

    [Fact]
    public async Task DiagnoseNamesTheUsersClientAgainstTheServerInItsText()
    {
        var run = await Sshbot.RunAsync("diagnose", "127.0.0.1:9", "--no-record", "--client-log", Write(KexMismatch));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Your log (OpenSSH_9.6p1): no-matching-kex at stage kex", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Your client vs the server: key exchange: your client offers only curve25519-sha256", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("your log connected to switch-01, not 127.0.0.1", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientLogWithSeveralTargetsExitsTwo()
    {
        var run = await Sshbot.RunAsync("diagnose", "127.0.0.1:9", "127.0.0.2:9", "--client-log", Write(Refused));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--client-log goes with one target", run.Stderr, StringComparison.Ordinal);
    }
}
