using System.Globalization;
using NSubstitute;
using SshBot.Diagnostics.OpenSsh;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Targets;
using SshBot.Diagnostics.Tests.Fakes;

namespace SshBot.Diagnostics.Tests.OpenSsh;

/// <summary>
/// SECURITY.md 9-11 for the bot's login: hostile hosts never reach a process, and every ssh
/// argument list carries only configuration plus the validated host, port and user.
/// </summary>
public sealed class SshInjectionTests
{
    private static readonly OpenSshOptions Identity = new() { IdentityFile = "/var/lib/sshbot/id_ed25519", KnownHostsFile = "/var/lib/sshbot/known_hosts", User = "sshbot" };

    /// <summary>Options the bot sets; anything else in a list would be a leak.</summary>
    private static readonly HashSet<string> AllowedOptions =
    [
        "BatchMode=yes", "StrictHostKeyChecking=yes", "UserKnownHostsFile=/var/lib/sshbot/known_hosts", "GlobalKnownHostsFile=/dev/null",
        "UpdateHostKeys=no", "CheckHostIP=no", "ConnectTimeout=10", "IdentitiesOnly=yes", "IdentityAgent=none", "PasswordAuthentication=no",
        "KbdInteractiveAuthentication=no", "ForwardAgent=no", "ForwardX11=no", "ClearAllForwardings=yes", "PermitLocalCommand=no",
        "ControlMaster=no", "ControlPath=none", "RequestTTY=no", "EscapeChar=none",
    ];

    public static TheoryData<string> HostileHosts => new()
    {
        "-oProxyCommand=id",
        "-oProxyCommand=id@web-01",
        "\u00AD-oProxyCommand=id",
        "we\u00ADb-01",
        "a;id",
        "a$(id)",
        "a`id`",
        "a|id",
        "a\nb",
        "a\0b",
        "a b",
        "web-01 -oProxyCommand=id",
        "ssh://-oProxyCommand=id",
        new string('a', 254),
        string.Join('.', Enumerable.Repeat(new string('a', 60), 5)),
    };

    /// <summary>
    /// Every name resolves to an allowed address and every connect meets a healthy sshd, so a
    /// hostile host the parser let through would go all the way to the bot's login, and the
    /// process seam would see it: only the parser stands between the input and a process.
    /// </summary>
    [Theory]
    [MemberData(nameof(HostileHosts))]
    public async Task AHostileHostNeverReachesAProcess(string input)
    {
        var processes = new RecordingProcessRunner();
        var probe = new Probe { Runner = new OpenSshRunner(Identity, processes) }.ServesHealthySshd();
        probe.Resolver.ResolveAsync(Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<IReadOnlyList<System.Net.IPAddress>>([System.Net.IPAddress.Parse("10.9.8.7")]));

        await Assert.ThrowsAsync<TargetFormatException>(() => probe.RunAsync(input));

        Assert.Empty(processes.Requests);
    }

    [Fact]
    public async Task TheHostileHostTestWouldSeeAHostThatGotPastTheParser()
    {
        // The same world as above with a plain name: the login runs, so the seam is reached.
        var processes = new RecordingProcessRunner();
        var probe = new Probe { Runner = new OpenSshRunner(Identity, processes) }.ServesHealthySshd();
        probe.Resolver.ResolveAsync(Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<IReadOnlyList<System.Net.IPAddress>>([System.Net.IPAddress.Parse("10.9.8.7")]));

        await probe.RunAsync("web-01");

        Assert.Contains(Assert.Single(processes.Requests).Arguments, a => a.Contains("web-01", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("10.1.2.3", null)]
    [InlineData("deploy@10.1.2.3:2222", null)]
    [InlineData("web-01.corp.example.com", "10.9.8.7")]
    [InlineData("ops@db-7.corp.example.com:22022", "10.9.8.6")]
    [InlineData("[2001:db8::7]:2200", null)]
    public async Task EveryArgumentIsConfigurationOrTheValidatedHostPortAndUser(string input, string? resolvesTo)
    {
        var processes = new RecordingProcessRunner();
        var probe = new Probe { Runner = new OpenSshRunner(Identity, processes) }.ServesHealthySshd();
        var target = TargetParser.Parse(input);
        if (resolvesTo is not null)
        {
            probe.Resolves(target.Host, resolvesTo);
        }

        await probe.RunAsync(input);

        var request = Assert.Single(processes.Requests);
        Assert.Equal("ssh", request.FileName);
        Assert.Null(request.Stdin);
        var args = request.Arguments;
        var dash = IndexOf(args, "--");
        Assert.Equal(args.Count - 3, dash);
        Assert.Equal(resolvesTo ?? target.Host, args[dash + 1]);
        Assert.Equal("true", args[dash + 2]);
        for (var i = 0; i < dash; i++)
        {
            switch (args[i])
            {
                case "-v":
                    break;
                case "-F":
                    Assert.Equal("/dev/null", args[++i]);
                    break;
                case "-i":
                    Assert.Equal("/var/lib/sshbot/id_ed25519", args[++i]);
                    break;
                case "-p":
                    Assert.Equal(target.Port.ToString(CultureInfo.InvariantCulture), args[++i]);
                    break;
                case "-l":
                    Assert.Equal("sshbot", args[++i]);
                    break;
                case "-o":
                    var option = args[++i];
                    Assert.True(AllowedOptions.Contains(option) || option == "HostKeyAlias=" + OpenSshCommand.KnownHostsName(target), $"unexpected option {option}");
                    break;
                default:
                    Assert.Fail($"unexpected argument '{args[i]}' in {string.Join(' ', args)}");
                    break;
            }
        }

        Assert.DoesNotContain(args, a => a.Contains("ProxyCommand", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("BatchMode=yes", args);
        Assert.Contains("StrictHostKeyChecking=yes", args);
        Assert.Contains("UserKnownHostsFile=/var/lib/sshbot/known_hosts", args);
    }

    private static int IndexOf(IReadOnlyList<string> args, string value)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
