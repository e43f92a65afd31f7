using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Regressions;

/// <summary>
/// The bot's login and inspection used to start OpenSSH's `ssh` (and `hosts trust` started
/// `ssh-keyscan`). They speak SSH in-process now: the real program, run with a PATH whose `ssh`
/// and `ssh-keyscan` record every call before running the real ones, must record none while it
/// logs in, inspects and pins keys.
/// </summary>
[Collection(LabHosts.Name)]
public sealed class NoSshProcessDuringDiagnoseTests(LabFixture lab) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sshbot-nossh-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Calls => Path.Combine(_dir, "calls.log");

    private Dictionary<string, string> RecordingPath()
    {
        var bin = Path.Combine(_dir, "bin");
        Directory.CreateDirectory(bin);
        foreach (var tool in new[] { "ssh", "ssh-keyscan" })
        {
            var wrapper = Path.Combine(bin, tool);
            File.WriteAllText(wrapper, $"#!/bin/sh\necho \"{tool} $*\" >>'{Calls}'\nexec /usr/bin/{tool} \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        return new() { ["PATH"] = $"{bin}:/usr/local/bin:/usr/bin:/bin" };
    }

    [Fact]
    public async Task DiagnoseWithTheBotsIdentityStartsNoSshProcess()
    {
        var env = RecordingPath();

        var run = await SshbotProcess.RunAsync(
            env, "diagnose", lab["keepalive"], "--json", "--no-record", "--timeout", "3", "--path-connects", "0",
            "--identity", lab["bot_identity"], "--ssh-user", "root", "--known-hosts", lab["bot_known_hosts"], "--jump", $"root@{lab["healthy"]}");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("accepted", run.Observation("ssh.auth.status"));
        Assert.Equal("ok", run.Observation("host.inspect.status"));
        Assert.False(File.Exists(Calls), File.Exists(Calls) ? File.ReadAllText(Calls) : "");
    }

    [Fact]
    public async Task HostsTrustStartsNoSshKeyscanProcess()
    {
        var env = RecordingPath();

        var trust = await SshbotProcess.RunAsync(env, "hosts", "trust", lab["keepalive"], "--yes", "--known-hosts", Path.Combine(_dir, "kh"), "--data-dir", _dir);

        Assert.Equal(0, trust.ExitCode);
        Assert.Contains("Pinned 2 key(s)", trust.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Calls), File.Exists(Calls) ? File.ReadAllText(Calls) : "");
    }

    [Fact]
    public async Task TheWrappersDoRecordACall()
    {
        // The proof that the PATH above would have caught one.
        var env = RecordingPath();

        var result = await Shell.RunAsync("/bin/sh", ["-c", "ssh -V"], TimeSpan.FromSeconds(10), null, env, TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ssh -V\n", File.ReadAllText(Calls));
    }
}
