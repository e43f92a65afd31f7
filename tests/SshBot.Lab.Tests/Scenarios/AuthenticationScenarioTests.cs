using System.Net;
using SshBot.Diagnostics.OpenSsh;
using SshBot.Diagnostics.Targets;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>The bot's own login through the real OpenSSH client against real lab sshd hosts.</summary>
[Collection(LabHosts.Name)]
public sealed class AuthenticationScenarioTests(LabFixture lab)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private OpenSshOptions BotIdentity => new()
    {
        IdentityFile = lab["bot_identity"],
        KnownHostsFile = lab["bot_known_hosts"],
        User = "root",
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task TheRunnerLogsInWithTheBotsIdentityAndRunsAScriptFromStdin()
    {
        var runner = new OpenSshRunner(BotIdentity);

        var result = await runner.RunAsync(TargetParser.Parse(lab["healthy"]), RemoteCommand.Shell, "echo inspected; echo \"$0\"\n", TimeSpan.FromSeconds(20), Ct);

        Assert.Equal(0, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Equal("inspected\n/bin/sh\n", result.Stdout);
        Assert.Contains("Authenticated to ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANameIsCheckedUnderItsOwnKnownHostsEntryWhileTheValidatedAddressIsDialled()
    {
        var runner = new OpenSshRunner(BotIdentity);

        var result = await runner.RunAsync(TargetParser.Parse("web-01.sshbot.test"), IPAddress.Parse(lab["healthy"]), RemoteCommand.None, null, TimeSpan.FromSeconds(20), Ct);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Host 'web-01.sshbot.test' is known and matches", result.Stderr, StringComparison.Ordinal);
    }
}
