using System.Text.Json;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Regressions;

/// <summary>
/// The jump host (--jump, Ssh__JumpHost) was not checked against the always-denied set: the bot
/// would have logged in to a cloud metadata address as its jump host. The CLI refuses it now,
/// with one line and exit status 2, before any socket.
/// </summary>
[Collection(LabHosts.Name)]
public sealed class JumpHostIsCheckedByTheTargetPolicyTests(LabFixture lab)
{
    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("root@0xA9FEA9FE")]
    [InlineData("[fd00:ec2::254]:22")]
    [InlineData("224.0.0.1")]
    public async Task AJumpHostInTheAlwaysDeniedSetIsRefusedByTheCli(string jump)
    {
        var run = await Sshbot.RunAsync(
            "diagnose", lab["healthy"], "--json", "--no-record", "--timeout", "3",
            "--identity", lab["bot_identity"], "--ssh-user", "root", "--known-hosts", lab["bot_known_hosts"], "--jump", jump);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("sshbot: Ssh:JumpHost (--jump) ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(" is refused: ", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task AJumpHostConfiguredInTheEnvironmentIsRefusedToo()
    {
        var run = await SshbotProcess.RunAsync(
            new Dictionary<string, string> { ["Ssh__JumpHost"] = "169.254.169.254" },
            "diagnose", lab["healthy"], "--no-record", "--identity", lab["bot_identity"], "--known-hosts", lab["bot_known_hosts"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Ssh:JumpHost (--jump) 169.254.169.254 is refused", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedJumpHostIsAuditedLikeATarget()
    {
        var data = Directory.CreateTempSubdirectory("sshbot-jump-audit-").FullName;
        try
        {
            var run = await Sshbot.RunAsync(
                "diagnose", lab["healthy"], "--no-record", "--data-dir", data,
                "--identity", lab["bot_identity"], "--known-hosts", lab["bot_known_hosts"], "--jump", "169.254.169.254");

            Assert.Equal(2, run.ExitCode);
            var line = JsonDocument.Parse(Assert.Single(File.ReadAllLines(Path.Combine(data, "audit.jsonl")))).RootElement;
            Assert.False(line.GetProperty("allowed").GetBoolean());
            Assert.Equal("169.254.169.254", line.GetProperty("rawTarget").GetString());
            Assert.Equal("cli:" + Environment.UserName, line.GetProperty("who").GetString());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
