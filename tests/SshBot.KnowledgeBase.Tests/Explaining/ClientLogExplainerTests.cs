using SshBot.KnowledgeBase.Explaining;
using SshBot.KnowledgeBase.Tests.Support;

namespace SshBot.KnowledgeBase.Tests.Explaining;

public sealed class ClientLogExplainerTests
{
    private const string Denied = """
        > $ ssh deploy@app-02
        > debug1: Authentications that can continue: publickey
        > debug1: Offering public key: /home/ana/.ssh/id_ed25519 ED25519 SHA256:abc
        > deploy@app-02: Permission denied (publickey).
        """;

    private static Obs BotConnects() => new Obs().Text("dns.status", "literal").Text("tcp.status", "connected")
        .Text("ssh.banner.status", "received").Text("ssh.kex.status", "received").List("ssh.kex.mismatch.kex")
        .List("ssh.kex.mismatch.hostkey").List("ssh.kex.mismatch.cipher").List("ssh.kex.mismatch.mac");

    [Theory]
    [InlineData("2026-09-12 20:47:27,112 fail2ban.actions [811]: NOTICE [sshd] Ban 198.18.0.14\nssh: connect to host web-01 port 22: Connection refused", "client-ip-banned")]
    [InlineData("Dec 04 09:12:01 web-01 sshguard[412]: Blocking \"198.18.0.14/32\" for 240 secs (3 attacks in 5 secs)", "client-ip-banned")]
    [InlineData("Nov 15 03:27:29 web-01 sshd[30604]: fatal: fork of unprivileged child failed", "server-resource-exhaustion")]
    [InlineData("bash: line 1: rsync: command not found\nrsync: connection unexpectedly closed (0 bytes received so far) [sender]", "healthy")]
    [InlineData("Error: It appears you are trying to connect to an FTP server and not an SSH/SFTP server.", "not-an-ssh-service")]
    [InlineData("forkpty: Operation not permitted", "pty-allocation-failed")]
    [InlineData("* Set \"ssh-rsa\" as SSH hostkey type\n* Failure establishing ssh session: -5, Unable to exchange encryption keys", "hostkey-algorithm-mismatch")]
    [InlineData("sshd fails to start\nApr 26 17:06:17 web-01 sshd[38383]: /etc/ssh/sshd_config line 90: invalid time value.\nApr 26 17:06:17 web-01 systemd[1]: ssh.service: Main process exited, code=exited, status=255/n/a", "sshd-config-invalid")]
    public void WhatThePasteShowsOfTheFarSideNamesTheCause(string paste, string article)
    {
        Assert.Equal(article, ClientLogExplainer.Explain(RealKb.Instance, paste).Verdict?.Id);
    }

    [Fact]
    public void TheServersOwnWordsBeforeTheBannerOutrankAGitCloseReadAsAProxy()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, """
            $ ssh -v -T git@198.18.0.5 -p 3001
            debug1: Local version string SSH-2.0-OpenSSH_7.2p2 Ubuntu-4ubuntu2.8
            debug1: ssh_exchange_identification: Exceeded MaxStartups
            ssh_exchange_identification: Connection closed by remote host
            fatal: Could not read from remote repository.
            """);

        Assert.Equal("maxstartups-throttling", explanation.Verdict?.Id);
    }

    [Fact]
    public void ATimeoutOnANamesIpv6AddressPutsTheDeadAddressBeforeAFirewall()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, """
            debug1: Connecting to web-01.example.internal [2001:db8::5] port 22.
            debug1: connect to address 2001:db8::5 port 22: Operation timed out
            ssh: connect to host web-01.example.internal port 22: Operation timed out
            """);
        var atIpv4 = ClientLogExplainer.Explain(RealKb.Instance, """
            debug1: Connecting to web-01.example.internal [198.18.0.5] port 22.
            ssh: connect to host web-01.example.internal port 22: Operation timed out
            """);

        Assert.Equal(["address-failover", "firewall-silent-drop"], explanation.Findings.Take(2).Select(f => f.Id));
        Assert.Equal("firewall-silent-drop", atIpv4.Verdict?.Id);
        Assert.DoesNotContain(atIpv4.Findings, f => f.Id == "address-failover" && f.FullyMet);
    }

    [Fact]
    public void APastedDenialIsExplainedWithTheLineThatShowsIt()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, Denied);

        Assert.Equal("auth-publickey-denied", explanation.Verdict?.Id);
        Assert.Contains("deploy@app-02: Permission denied (publickey).", explanation.Verdict!.Quotes);
        Assert.Equal("app-02", explanation.Host);
        Assert.Equal("deploy", explanation.User);
        Assert.Equal("sshbot diagnose deploy@app-02", explanation.SuggestedCommand);
    }

    [Fact]
    public void TextAloneScoresBelowTheSameArticleConfirmedByTheBot()
    {
        const string timedOut = "ssh: connect to host web-01 port 22: Connection timed out";

        var textOnly = ClientLogExplainer.Explain(RealKb.Instance, timedOut);
        var withBot = ClientLogExplainer.Explain(RealKb.Instance, timedOut, BotConnects().Build());

        Assert.True(textOnly.FromTextOnly);
        Assert.False(withBot.FromTextOnly);
        Assert.Equal("firewall-silent-drop", textOnly.Verdict?.Id);
        Assert.Equal("firewall-silent-drop", withBot.Verdict?.Id);
        Assert.Equal(withBot.Verdict!.Score * ClientLogExplainer.TextOnlyWeight, textOnly.Verdict!.Score, 3);
        Assert.Contains(textOnly.CannotTell, c => c.Contains("from the pasted text only", StringComparison.Ordinal));
    }

    [Fact]
    public void AMacCheckFailingRightAfterKeyExchangePointsAtTheSoftwareVersionNotAtANegotiation()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, """
            debug1: SSH2_MSG_NEWKEYS received
            Corrupted MAC on input.
            ssh_dispatch_run_fatal: Connection to 10.0.0.5 port 22: message authentication code incorrect
            """);

        Assert.Equal("ssh-version-outdated", explanation.Verdict?.Id);
    }

    [Theory]
    [InlineData("Certificate invalid: expired", "host-certificate-expired")]
    [InlineData("Certificate invalid: name is not a listed principal", "host-certificate-principal-mismatch")]
    [InlineData("Host key ECDSA-CERT SHA256:Zm9vYmFy revoked by file /etc/ssh/revoked_host_keys", "host-certificate-revoked")]
    public void ARefusedHostCertificateIsTheVerdictNotTheUnknownKeyAfterIt(string refusal, string article)
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, $"""
            $ ssh deploy@cache-4.internal
            {refusal}
            The authenticity of host 'cache-4.internal (10.20.0.4)' can't be established.
            Host key verification failed.
            """);

        Assert.Equal(article, explanation.Verdict?.Id);
        Assert.Contains(refusal, explanation.Verdict!.Quotes);
        Assert.DoesNotContain(explanation.Findings.Take(3), f => f.Id == "host-key-unknown" && f.FullyMet);
    }

    [Fact]
    public void AnSftpLibraryWaitingOnAnFtpsPortIsToldSomethingElseAnswersThere()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, """
            DEBUG: Client: Trying files.example.net on port 990 ...
            DEBUG: Client: Connected
            Error: Timed out while waiting for handshake
            """);

        Assert.Equal("not-an-ssh-service", explanation.Verdict?.Id);
        Assert.True(explanation.Verdict!.FullyMet);
    }

    [Fact]
    public void ABannerTimeoutOnSshsOwnPortDoesNotSuggestSomethingElseListensThere()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, """
            Connection timed out during banner exchange
            Connection to 203.0.113.9 port 22 timed out
            """);

        Assert.Equal("banner-timeout", explanation.Verdict?.Id);
        Assert.DoesNotContain(explanation.Findings, f => f.Id == "not-an-ssh-service");
        Assert.Contains(explanation.Findings.Take(3), f => f.Id == "server-resource-exhaustion");
    }

    [Fact]
    public void AResetAtTheBannerFromAnSshdWhoseConfigNoLongerParsesIsTheConfigOnceTheBotHasCheckedIt()
    {
        var bot = new Obs().Text("tcp.status", "connected").Text("ssh.banner.status", "reset")
            .Flag("host.sshd.config_valid", false).Text("host.sshd.config_error", "/etc/ssh/sshd_config line 31: Bad SSH2 mac spec 'hmac-ripemd160'.");

        var explanation = ClientLogExplainer.Explain(RealKb.Instance, "kex_exchange_identification: read: Connection reset by peer", bot.Build());

        Assert.Equal("sshd-config-invalid", explanation.Verdict?.Id);
    }

    [Fact]
    public void AResetAtTheBannerFromTextAloneListsABrokenSshdConfigAmongItsCauses()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, "kex_exchange_identification: read: Connection reset by peer");

        var ids = explanation.Findings.Select(f => f.Id).ToList();
        Assert.Contains("sshd-config-invalid", ids);
        Assert.True(ids.IndexOf("sshd-config-invalid") < ids.IndexOf("connection-closed-before-banner"));
    }

    [Theory]
    [InlineData("Dec 04 09:12:01 web-01 sshd[2211]: fatal: Missing privilege separation directory: /run/sshd", "sshd-cannot-start-session")]
    [InlineData("Dec 04 09:12:01 web-01 sshd[2211]: refused connect from 10.8.0.14 (10.8.0.14)", "source-address-refused")]
    [InlineData("Dec 04 09:12:01 web-01 sshd[900]: drop connection #10 from [10.8.0.14]:51234 on [10.8.0.5]:22 past MaxStartups", "maxstartups-throttling")]
    public void SshdsOwnLogPastedUnderTheClientsResetNamesTheCause(string serverLine, string article)
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, $"""
            $ ssh ops@web-01
            kex_exchange_identification: read: Connection reset by peer
            Connection reset by 10.8.0.5 port 22
            and on the server:
            {serverLine}
            """);

        Assert.Equal(article, explanation.Verdict?.Id);
        Assert.True(explanation.Verdict!.FullyMet);
        Assert.Contains(serverLine, explanation.Verdict.Quotes);
        Assert.Equal("connection-reset", explanation.Log.Observations.GetText("client.error"));
    }

    [Fact]
    public void AnSshdConfigErrorPastedWithARefusalIsTheConfigNotJustAStoppedSshd()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, """
            ssh: connect to host web-01 port 22: Connection refused
            # sshd -t
            /etc/ssh/sshd_config line 31: Bad SSH2 mac spec 'hmac-ripemd160'.
            """);

        Assert.Equal("sshd-config-invalid", explanation.Verdict?.Id);
        Assert.Contains(explanation.Findings, f => f.Id == "sshd-not-listening");
    }

    [Fact]
    public void AnSftpThatReadsTheShellsGreetingAsALengthIsTheShellsOutputNotAMissingSubsystem()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, """
            $ sftp deploy@files-2
            Received message too long 1466264675
            Ensure the remote shell produces no output for non-interactive sessions.
            """);

        Assert.Equal("shell-output-breaks-transfers", explanation.Verdict?.Id);
        Assert.True(explanation.Verdict!.FullyMet);
    }

    [Theory]
    [InlineData("WARNING: Your password has expired.\nPassword change required but no TTY available.", "account-expired")]
    [InlineData("Your account has expired; please contact your system administrator\nConnection closed by 10.8.0.5 port 22", "account-expired")]
    [InlineData("deploy@web-01: Permission denied (publickey).\nDec 04 09:12:01 web-01 sshd[2211]: User deploy not allowed because account is locked", "account-expired")]
    [InlineData("debug1: Authentication succeeded (publickey).\nPTY allocation request failed on channel 0\nshell-init: error retrieving current directory", "pty-allocation-failed")]
    [InlineData("PTY allocation request failed on channel 0\nWelcome to GitLab, @ana!\nConnection to gitlab.example.internal closed.", "healthy")]
    public void ALoginRefusedAfterTheCredentialIsNamedByTheServersReason(string paste, string article)
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, "$ ssh deploy@web-01\n" + paste);

        Assert.Equal(article, explanation.Verdict?.Id);
        Assert.True(explanation.Verdict!.FullyMet);
    }

    [Fact]
    public void ABareRefusalIsAnsweredWithItsCausesInTheSymptomsOrderAndTheSymptomLast()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, "ssh: connect to host 10.8.0.5 port 22: Connection refused");

        var ids = explanation.Findings.Select(f => f.Id).ToList();
        Assert.Equal(["sshd-not-listening", "sshd-config-invalid", "client-ip-banned", "firewall-reject"], ids.Take(4));
        Assert.True(ids.IndexOf("connection-refused") > 3);
    }

    [Theory]
    [InlineData("ssh: handshake failed: ssh: no common algorithms")]
    [InlineData("com.jcraft.jsch.JSchException: Algorithm negotiation fail")]
    public void ANegotiationFailureThatDoesNotNameItsListIsAnsweredWithTheThreeListsCauses(string paste)
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, paste);

        var ids = explanation.Findings.Select(f => f.Id).ToList();
        Assert.Equal(["kex-algorithm-mismatch", "hostkey-algorithm-mismatch", "cipher-or-mac-mismatch", "algorithm-negotiation-failed"], ids.Take(4));
        Assert.All(explanation.Findings.Take(3), f => Assert.False(f.FullyMet));
    }

    [Fact]
    public void TheServersListsFromTheBotDoNotDecideWhichListTheUsersLibraryLacked()
    {
        var bot = BotConnects()
            .List("ssh.kex.kex", "curve25519-sha256", "diffie-hellman-group16-sha512")
            .List("ssh.kex.hostkey", "ssh-ed25519", "rsa-sha2-512")
            .List("ssh.kex.cipher_c2s", "chacha20-poly1305@openssh.com", "aes256-ctr")
            .List("ssh.kex.mac_c2s", "hmac-sha2-256-etm@openssh.com");

        var explanation = ClientLogExplainer.Explain(RealKb.Instance, "com.jcraft.jsch.JSchException: Algorithm negotiation fail", bot.Build());

        var ids = explanation.Findings.Select(f => f.Id).ToList();
        Assert.Equal(["kex-algorithm-mismatch", "hostkey-algorithm-mismatch", "cipher-or-mac-mismatch"], ids.Take(3));
        Assert.All(explanation.Findings.Take(3), f => Assert.False(f.FullyMet));
    }

    [Theory]
    [InlineData("$ ssh -o PreferredAuthentications=password ops@10.8.0.5\nops@10.8.0.5: Permission denied (publickey,keyboard-interactive).", "auth-method-unavailable")]
    [InlineData("$ systemctl restart ssh\n/etc/ssh/sshd_config line 41: Bad yes/no argument: yess\nJob for ssh.service failed", "sshd-config-invalid")]
    [InlineData("kex_exchange_identification: read: Connection reset by peer\nerror: @         WARNING: UNPROTECTED PRIVATE KEY FILE!          @\nerror: Permissions 0664 for '/etc/ssh/ssh_host_ed25519_key' are too open.\nerror: Unable to load host key \"/etc/ssh/ssh_host_ed25519_key\": bad permissions", "sshd-cannot-start-session")]
    [InlineData("@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @\nPermissions 0664 for '/home/ops/.ssh/id_ed25519' are too open.\nThis private key will be ignored.\nops@10.8.0.5: Permission denied (publickey).", "auth-publickey-denied")]
    [InlineData("Forwarding from 127.0.0.1:2022 -> 22\nHandling connection for 2022\nkex_exchange_identification: Connection closed by remote host", "forwarder-no-backend")]
    [InlineData("sftp> put db.tar\nUploading db.tar to /srv/backup/db.tar\nCouldn't write to remote file \"/srv/backup/db.tar\": Failure", "disk-full")]
    [InlineData("[10:02:11.120] Install terminal quit with output: Welcome to the build farm\n[10:02:11.121] Failed to parse remote port from server output", "shell-output-breaks-transfers")]
    public void WhatTheUserRanOrWhatSshdPrintedDecides(string paste, string article)
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, paste);

        Assert.Equal(article, explanation.Verdict?.Id);
    }

    [Theory]
    [InlineData("Renci.SshNet.Common.SshAuthenticationException: No suitable authentication method found to complete authentication (publickey,keyboard-interactive).", "auth-method-unavailable")]
    [InlineData("Error: connect ECONNREFUSED 10.8.0.5:22\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)", "sshd-not-listening")]
    [InlineData("Error: Handshake failed: no matching C->S cipher", "cipher-or-mac-mismatch")]
    [InlineData("com.jcraft.jsch.JSchException: reject HostKey: 10.8.0.5", "host-key-unknown")]
    [InlineData("Traceback (most recent call last):\n  File \"deploy.py\", line 12, in <module>\n    channel.get_pty()\n  File \"/usr/lib/python3/dist-packages/paramiko/channel.py\", line 158, in get_pty\n    self._wait_for_event()", "pty-allocation-failed")]
    [InlineData("FATAL ERROR: Network error: Software caused connection abort", "keepalive-not-configured")]
    public void ALibrarysOwnWordsLeadToTheCauseOpenSshsWouldHave(string paste, string article)
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, paste);

        Assert.Equal(article, explanation.Verdict?.Id);
    }

    [Fact]
    public void NoRouteToALocalHostFromAMacIsTheAppsLocalNetworkPermission()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, """
            [09:14:02.973] > local-server-1> Running ssh connection command: /usr/bin/ssh -v -T -D 50370 -o ConnectTimeout=15 -F /Users/ana/.ssh/config lab bash
            [09:14:02.977] stderr> OpenSSH_9.8p1, LibreSSL 3.3.6
            [09:14:02.978] stderr> ssh: connect to host 192.168.64.4 port 22: No route to host
            """);

        Assert.Equal("macos-local-network-denied", explanation.Verdict?.Id);
    }

    [Fact]
    public void NoRouteToALocalAddressThatWorksUnderSudoIsMacOsPermission()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, """
            ssh ubuntu@192.168.64.11
            ssh: connect to host 192.168.64.11 port 22: No route to host

            sudo ssh ubuntu@192.168.64.11
            Welcome to Ubuntu 22.04.5 LTS (GNU/Linux 5.15.0-124-generic aarch64)
            """);

        Assert.Equal("macos-local-network-denied", explanation.Verdict?.Id);
    }

    [Fact]
    public void AnAddressThatFailedBeforeAnotherConnectedIsTheFailover()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, """
            debug1: Connecting to web-01 [2001:db8::5] port 22.
            debug1: connect to address 2001:db8::5 port 22: Connection timed out
            debug1: Connecting to web-01 [198.18.0.5] port 22.
            debug1: Connection established.
            """);

        Assert.Equal("address-failover", explanation.Verdict?.Id);
        Assert.DoesNotContain(explanation.Findings, f => f.Id == "banner-timeout");
    }

    [Fact]
    public void AServerThatClosesWhenItsKeyExchangeReplyIsDueCannotLoadItsHostKey()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, """
            debug1: Remote protocol version 2.0, remote software version dropbear_2022.83
            debug1: kex: algorithm: curve25519-sha256
            debug1: kex: host key algorithm: ssh-ed25519
            debug1: expecting SSH2_MSG_KEX_ECDH_REPLY
            Connection closed by 198.18.0.5 port 2222
            """);

        Assert.Equal("sshd-cannot-start-session", explanation.Verdict?.Id);
    }

    [Fact]
    public void AFailoverThatStallsInKeyExchangeIsTheStall()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, """
            debug1: Connecting to web-01 [2001:db8::5] port 22.
            debug1: connect to address 2001:db8::5 port 22: Connection timed out
            debug1: Connecting to web-01 [198.18.0.5] port 22.
            debug1: Connection established.
            debug1: Local version string SSH-2.0-OpenSSH_9.6
            debug1: Remote protocol version 2.0, remote software version OpenSSH_9.6
            debug1: SSH2_MSG_KEXINIT sent
            debug1: SSH2_MSG_KEXINIT received
            debug1: kex: algorithm: curve25519-sha256
            debug1: expecting SSH2_MSG_KEX_ECDH_REPLY
            """);

        Assert.Equal("path-mtu-blackhole", explanation.Verdict?.Id);
    }

    [Fact]
    public void NoRouteFromALinuxClientIsNotAMacsPermission()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, """
            OpenSSH_9.6p1 Ubuntu-3ubuntu13.5, OpenSSL 3.0.13 30 Jan 2024
            ssh: connect to host 192.168.64.4 port 22: No route to host
            """);

        Assert.Equal("host-unreachable", explanation.Verdict?.Id);
        Assert.DoesNotContain(explanation.Findings, f => f.Id == "macos-local-network-denied");
    }

    [Fact]
    public void ANetSshChannelRefusalOfUnknownTypeRanksTheSessionLimitBesideTheForwardRefusal()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, "Net::SSH::ChannelOpenFailed: open failed (1)");

        Assert.Equal(["forwarding-prohibited", "maxsessions-limit"], explanation.Findings.Select(f => f.Id).Take(2));
    }

    [Fact]
    public void ACryptoPolicyThatRefusesTheServersSha1SignatureIsTheHostKeyType()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, "$ ssh ops@10.8.0.5\nssh_dispatch_run_fatal: Connection to 10.8.0.5 port 22: error in libcrypto");

        Assert.Equal("hostkey-algorithm-mismatch", explanation.Verdict?.Id);
    }

    [Fact]
    public void TextWithNoSshErrorHasNoFindings()
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, "OpenSSH_9.6p1 Ubuntu-3ubuntu13.5, OpenSSL 3.0.13 30 Jan 2024");

        Assert.False(explanation.FoundError);
        Assert.Empty(explanation.Findings);
        Assert.Equal("OpenSSH_9.6p1", explanation.ClientVersion);
    }
}
