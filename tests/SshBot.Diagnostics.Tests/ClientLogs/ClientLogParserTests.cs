using SshBot.Diagnostics.ClientLogs;

namespace SshBot.Diagnostics.Tests.ClientLogs;

public sealed class ClientLogParserTests
{
    internal static ClientLogResult ParseFixture(string name) =>
        ClientLogParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ClientLogs", "Fixtures", name)));

    private static string? Text(ClientLogResult result, string key) => result.Observations.GetText(key);

    [Theory]
    [InlineData("openssh-9.6-name-not-resolved.txt", "name-not-resolved", "resolve", "OpenSSH_9.6p1", "web-01.corp.example")]
    [InlineData("openssh-8.9-connection-refused-decorated.txt", "connection-refused", "connect", "OpenSSH_8.9p1", "web-01")]
    [InlineData("openssh-7.4-connection-timed-out.txt", "connection-timed-out", "connect", "OpenSSH_7.4p1", "db-02")]
    [InlineData("windows-openssh-8.1-timed-out.txt", "connection-timed-out", "connect", "OpenSSH_for_Windows_8.1p1", "web-01.corp.example")]
    [InlineData("openssh-9.2-no-route.txt", "no-route", "connect", "OpenSSH_9.2p1", "build-07")]
    [InlineData("openssh-8.4-reset-during-identification.txt", "connection-reset", "banner", "OpenSSH_8.4p1", "git.corp.example")]
    [InlineData("windows-openssh-reset.txt", "connection-reset", "banner", null, "10.30.0.7")]
    [InlineData("openssh-9.7-closed-by-remote.txt", "closed-by-remote", "banner", "OpenSSH_9.7p1", "web-03")]
    [InlineData("openssh-9.6-banner-timeout.txt", "banner-timeout", "banner", null, "files-01")]
    [InlineData("openssh-9.6-no-matching-kex-vv.txt", "no-matching-kex", "kex", "OpenSSH_9.6p1", "switch-01")]
    [InlineData("openssh-8.8-no-matching-hostkey.txt", "no-matching-hostkey", "kex", null, "legacy-nas")]
    [InlineData("openssh-9.3-no-matching-cipher.txt", "no-matching-cipher", "kex", "OpenSSH_9.3p1", "ups-mgmt")]
    [InlineData("openssh-7.4-hostkey-changed.txt", "hostkey-changed", "kex", "OpenSSH_7.4p1", "web-01")]
    [InlineData("openssh-9.6-hostkey-unknown-strict.txt", "hostkey-unknown", "kex", "OpenSSH_9.6p1", "web-09")]
    [InlineData("openssh-8.2-permission-denied-publickey.txt", "permission-denied", "auth", "OpenSSH_8.2p1", "app-02")]
    [InlineData("openssh-9.6-password-only-slack-quoted.txt", "permission-denied", "auth", null, "jump-01")]
    [InlineData("openssh-8.9-too-many-auth-failures.txt", "too-many-auth-failures", "auth", null, "web-01")]
    [InlineData("git-over-ssh-permission-denied.txt", "permission-denied", "auth", null, "git.corp.example")]
    [InlineData("openssh-9.2-broken-pipe-partial.txt", "broken-pipe", "session", null, null)]
    [InlineData("openssh-8.9-server-not-responding.txt", "keepalive-timeout", "session", null, "web-01")]
    [InlineData("openssh-9.6-session-open-failed.txt", "session-open-failed", "session", null, null)]
    [InlineData("putty-0.78-connection-refused-eventlog.txt", "connection-refused", "connect", "PuTTY_Release_0.78", "web-01.corp.example")]
    [InlineData("plink-0.81-kex-mismatch.txt", "no-matching-kex", "kex", "PuTTY_Release_0.81", "legacy-switch")]
    [InlineData("putty-no-supported-auth.txt", "permission-denied", "auth", null, null)]
    [InlineData("putty-unexpectedly-closed.txt", "closed-by-remote", "banner", "PuTTY_Release_0.80", "web-04")]
    [InlineData("partial-two-lines-refused.txt", "connection-refused", "connect", null, "10.1.2.3")]
    [InlineData("redacted-host-timed-out.txt", "connection-timed-out", "connect", "OpenSSH_9.0p1", null)]
    public void EachPastedFailureIsClassifiedWithItsStageVersionAndHost(string fixture, string error, string stage, string? version, string? host)
    {
        var result = ParseFixture(fixture);

        Assert.Equal(error, Text(result, "client.error"));
        Assert.Equal(stage, Text(result, "client.stage"));
        Assert.Equal(version, Text(result, "client.version"));
        Assert.Equal(host, Text(result, "client.host"));
        Assert.NotEmpty(result.LinesFor("client.error"));
        Assert.Equal(Text(result, "client.failure_line"), result.LinesFor("client.error")[0]);
    }

    [Fact]
    public void TheCommandLineBehindAPromptGivesPortAndUser()
    {
        var result = ParseFixture("openssh-8.9-connection-refused-decorated.txt");

        Assert.Equal(2222, result.Observations["client.port"].Number);
        Assert.Equal("deploy", Text(result, "client.user"));
        Assert.Equal("ssh: connect to host web-01 port 2222: Connection refused", Text(result, "client.failure_line"));
    }

    [Theory]
    [InlineData("ops@laptop ~ % ssh -p 2222 deploy@web-01")]
    [InlineData("[ops@laptop ~]$ ssh -p 2222 deploy@web-01")]
    [InlineData("(venv) ops@laptop:~/src$ ssh -p 2222 deploy@web-01")]
    [InlineData("PS C:\\Users\\ops> ssh -p 2222 deploy@web-01")]
    [InlineData("C:\\Users\\ops>ssh -p 2222 deploy@web-01")]
    [InlineData("+ ssh -p 2222 deploy@web-01")]
    [InlineData("ssh -p 2222 deploy@web-01")]
    [InlineData("$ sudo ssh -p 2222 deploy@web-01")]
    [InlineData("sudo -E -u ops ssh -p 2222 deploy@web-01")]
    [InlineData("time ssh -p 2222 deploy@web-01")]
    [InlineData("TERM=xterm-256color ssh -p 2222 deploy@web-01")]
    [InlineData("ops@laptop:~$ env LC_ALL=C ssh -p 2222 deploy@web-01")]
    public void TheCommandIsReadBehindEveryShellsPrompt(string command)
    {
        var result = ClientLogParser.Parse(command + "\nkex_exchange_identification: read: Connection reset by peer");

        Assert.Equal(2222, result.Observations["client.port"].Number);
        Assert.Equal("deploy", Text(result, "client.user"));
        Assert.Equal("web-01", Text(result, "client.host"));
    }

    [Theory]
    [InlineData("sudo -u ops ssh web-01", true)]
    [InlineData("doas ssh web-01", true)]
    [InlineData("time ssh web-01", false)]
    [InlineData("ssh web-01", false)]
    public void ACommandRunAsRootIsMarkedSo(string command, bool elevated)
    {
        var destination = CommandLineReader.Read(command);

        Assert.NotNull(destination);
        Assert.Equal("web-01", destination.Host);
        Assert.Equal(elevated, destination.Elevated);
    }

    [Fact]
    public void SunSshsListsUnderItsNegotiationFailureAreBothSides()
    {
        var result = ClientLogParser.Parse("""
            bash-3.2# ssh -T git@github.com
            Client and server could not agree on a key exchange algorithm:
              client: diffie-hellman-group-exchange-sha1,diffie-hellman-group14-sha1
              server: curve25519-sha256,ecdh-sha2-nistp256
            """);

        Assert.Equal("no-matching-kex", Text(result, "client.error"));
        Assert.Equal(["diffie-hellman-group-exchange-sha1", "diffie-hellman-group14-sha1"], result.Observations["client.offered.kex"].Items);
        Assert.Equal(["curve25519-sha256", "ecdh-sha2-nistp256"], result.Observations["client.their_offer"].Items);
    }

    [Fact]
    public void ClientAndServerLinesElsewhereAreNoAlgorithmLists()
    {
        var result = ClientLogParser.Parse("""
            ssh: connect to host web-01 port 22: Connection refused
            server: web-01
            client: laptop
            """);

        Assert.False(result.Observations.ContainsKey("client.their_offer"));
    }

    [Fact]
    public void WordsBeforeSshThatAreNoPromptAreNoCommand()
    {
        var result = ClientLogParser.Parse("I ran ssh -p 2222 deploy@web-01 twice\nkex_exchange_identification: read: Connection reset by peer");

        Assert.False(result.Observations.ContainsKey("client.port"));
    }

    [Fact]
    public void OptionsAfterTheDestinationCountAsSshReadsThemAndTheRemoteCommandsDoNot()
    {
        var result = ClientLogParser.Parse("""
            ops@bastion:~$ ssh web-01 -p 2200 -o PreferredAuthentications=password,keyboard-interactive uptime -p 9
            ops@web-01: Permission denied (publickey).
            """);

        Assert.Equal(2200, result.Observations["client.port"].Number);
        Assert.Equal(["password", "keyboard-interactive"], result.Observations["client.auth.methods_tried"].Items);
    }

    [Fact]
    public void ACommandThatLimitsTheMethodsGivesTheMethodsTried()
    {
        var result = ClientLogParser.Parse("""
            $ ssh -o PreferredAuthentications=password deploy@web-01
            deploy@web-01: Permission denied (publickey,keyboard-interactive).
            """);

        Assert.Equal(["password"], result.Observations["client.auth.methods_tried"].Items);
        Assert.Equal(["publickey", "keyboard-interactive"], result.Observations["client.auth.methods_offered"].Items);
    }

    [Fact]
    public void WindowsOpenSshAndPuttyAreNamedAsSuch()
    {
        Assert.Equal("Windows OpenSSH", Text(ParseFixture("windows-openssh-8.1-timed-out.txt"), "client.product"));
        Assert.Equal("PuTTY", Text(ParseFixture("putty-0.78-connection-refused-eventlog.txt"), "client.product"));
        Assert.Equal("OpenSSH", Text(ParseFixture("openssh-7.4-connection-timed-out.txt"), "client.product"));
    }

    [Fact]
    public void TheClientsOwnProposalIsTakenNotTheServersThatFollowsIt()
    {
        var result = ParseFixture("openssh-9.6-no-matching-kex-vv.txt");

        var kex = result.Observations["client.offered.kex"].Items;
        Assert.Equal("sntrup761x25519-sha512@openssh.com", kex[0]);
        Assert.DoesNotContain("diffie-hellman-group1-sha1", kex);
        Assert.Contains("ssh-ed25519", result.Observations["client.offered.hostkey"].Items);
        Assert.Contains("chacha20-poly1305@openssh.com", result.Observations["client.offered.cipher"].Items);
        Assert.Contains("hmac-sha2-256-etm@openssh.com", result.Observations["client.offered.mac"].Items);
        Assert.Equal(["diffie-hellman-group1-sha1"], result.Observations["client.their_offer"].Items);
        Assert.Equal("netops", Text(result, "client.user"));
    }

    [Fact]
    public void PermissionDeniedRecordsTheMethodsInItsParenthesesAndWhatWasTried()
    {
        var publickey = ParseFixture("openssh-8.2-permission-denied-publickey.txt");
        var password = ParseFixture("openssh-9.6-password-only-slack-quoted.txt");

        Assert.Equal(["publickey"], publickey.Observations["client.auth.methods_offered"].Items);
        Assert.Equal(["publickey"], publickey.Observations["client.auth.methods_tried"].Items);
        Assert.Equal(["password", "keyboard-interactive"], password.Observations["client.auth.methods_offered"].Items);
        Assert.Equal(["keyboard-interactive", "password"], password.Observations["client.auth.methods_tried"].Items);
    }

    [Fact]
    public void PuttyQuotesTheServersMethodsWhenNoneIsSupported()
    {
        var result = ParseFixture("putty-no-supported-auth.txt");

        Assert.Equal(["publickey"], result.Observations["client.auth.methods_offered"].Items);
        Assert.Equal("ana", Text(result, "client.user"));
    }

    [Theory]
    [InlineData("openssh-9.2-broken-pipe-partial.txt")]
    [InlineData("openssh-8.9-server-not-responding.txt")]
    public void ASessionThatDiesOnAWriteOrAKeepaliveIsAnIdleDrop(string fixture)
    {
        Assert.True(ParseFixture(fixture).Observations["client.idle_drop"].Flag);
    }

    [Fact]
    public void AFailureBeforeTheSessionIsNoIdleDrop()
    {
        // The output shows how it failed, before any session: the bot can say it was not an idle drop.
        Assert.False(ParseFixture("openssh-7.4-connection-timed-out.txt").Observations["client.idle_drop"].Flag);
    }

    [Fact]
    public void TheChangedKeyWarningDecidesOverTheFinalVerificationLine()
    {
        var result = ParseFixture("openssh-7.4-hostkey-changed.txt");

        Assert.Equal("hostkey-changed", Text(result, "client.error"));
        // The last line that says the key changed, which names the host and the key's type.
        Assert.Equal("ECDSA host key for web-01 has changed and you have requested strict checking.", Text(result, "client.failure_line"));
    }

    [Fact]
    public void TheLastOfSeveralAttemptsIsTheOneReported()
    {
        var result = ClientLogParser.Parse("""
            ssh: connect to host web-01 port 22: Connection timed out
            $ ssh web-01
            ssh: connect to host web-01 port 22: Connection refused
            """);

        Assert.Equal("connection-refused", Text(result, "client.error"));
    }

    [Fact]
    public void ARedactedHostIsLeftOutAndSaidSo()
    {
        var result = ParseFixture("redacted-host-timed-out.txt");

        Assert.False(result.Observations.ContainsKey("client.host"));
        Assert.Contains("the host name was redacted", result.Notes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("can someone look at web-01? it is slow today")]
    public void TextWithoutAnSshErrorFindsNoError(string text)
    {
        Assert.False(ClientLogParser.Parse(text).FoundError);
    }
}
