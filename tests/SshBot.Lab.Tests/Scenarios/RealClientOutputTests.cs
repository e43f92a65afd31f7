using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>
/// What the real OpenSSH client prints against a lab sshd, fed to <c>sshbot explain</c>: the
/// parser reads the words OpenSSH really uses, not only the ones the threads quoted.
/// </summary>
[Collection(LabHosts.Name)]
public sealed class RealClientOutputTests(LabFixture lab) : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("sshbot-real-client-");

    public void Dispose() => _dir.Delete(recursive: true);

    private Task<Shell.Result> SshAsync(string host, params string[] options) =>
        Shell.RunAsync(
            "ssh",
            [.. options, "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", $"UserKnownHostsFile={lab["bot_known_hosts"]}",
             "-o", "GlobalKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10", "-i", lab["bot_identity"], "-l", "root", "--", lab[host], "true"],
            TimeSpan.FromSeconds(30),
            Ct);

    private async Task<Sshbot.Run> ExplainAsync(string paste)
    {
        var path = Path.Combine(_dir.FullName, "paste.txt");
        await File.WriteAllTextAsync(path, paste, Ct);
        return await Sshbot.RunAsync("explain", path, "--json");
    }

    [Fact]
    public async Task ATerminalTheServerRefusesIsExplainedFromOpenSshsOwnWords()
    {
        // -tt asks for a terminal even without one here, as an interactive ssh does; forced, the
        // refusal ends the session (exit 255) right after the message.
        var ssh = await SshAsync("nopty", "-tt");

        Assert.Contains("PTY allocation request failed on channel 0", ssh.Stderr, StringComparison.Ordinal);
        var run = await ExplainAsync($"$ ssh -tt root@{lab["nopty"]}\n{ssh.Stderr}");
        Assert.Equal("pty-allocation-failed", run.Verdict);
        Assert.Equal("pty-refused", run.Json.GetProperty("observations").GetProperty("client.error").GetString());
    }

    [Fact]
    public async Task TheSameHostWithoutATerminalAskedIsALoginThatWorked()
    {
        var ssh = await SshAsync("nopty", "-T", "-v");

        Assert.Equal(0, ssh.ExitCode);
        Assert.DoesNotContain("PTY allocation", ssh.Stderr, StringComparison.Ordinal);
        var run = await ExplainAsync(ssh.Stderr);
        Assert.Equal("healthy", run.Verdict);
    }
}
