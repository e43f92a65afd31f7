using System.Net;
using NSubstitute;
using SshBot.Diagnostics.Targets;
using SshBot.Diagnostics.Tests.Fakes;

namespace SshBot.Diagnostics.Tests.SshSessions;

/// <summary>
/// SECURITY.md 9-11 for the bot's login: hostile hosts never reach a login, and a login carries
/// only the validated target and the address the policy validated, never the name again.
/// </summary>
public sealed class SshInjectionTests
{
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
    /// login seam would see it: only the parser stands between the input and a session.
    /// </summary>
    [Theory]
    [MemberData(nameof(HostileHosts))]
    public async Task AHostileHostNeverReachesALogin(string input)
    {
        var logins = new FakeBotLogins();
        var probe = EveryNameReachesAHealthySshd(logins);

        await Assert.ThrowsAsync<TargetFormatException>(() => probe.RunAsync(input));

        Assert.Empty(logins.Logins);
    }

    [Fact]
    public async Task TheHostileHostTestWouldSeeAHostThatGotPastTheParser()
    {
        // The same world as above with a plain name: the login runs, so the seam is reached.
        var logins = new FakeBotLogins();
        var probe = EveryNameReachesAHealthySshd(logins);

        await probe.RunAsync("web-01");

        Assert.Equal("web-01", Assert.Single(logins.Logins).Target.Host);
    }

    private static Probe EveryNameReachesAHealthySshd(FakeBotLogins logins)
    {
        var probe = new Probe { Logins = logins }.ServesHealthySshd();
        probe.Resolver.ResolveAsync(Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<IReadOnlyList<IPAddress>>([IPAddress.Parse("10.9.8.7")]));
        return probe;
    }

    [Theory]
    [InlineData("10.1.2.3", null)]
    [InlineData("deploy@10.1.2.3:2222", null)]
    [InlineData("web-01.corp.example.com", "10.9.8.7")]
    [InlineData("ops@db-7.corp.example.com:22022", "10.9.8.6")]
    [InlineData("[2001:db8::7]:2200", null)]
    public async Task EveryLoginIsTheValidatedTargetAtTheValidatedAddress(string input, string? resolvesTo)
    {
        var logins = new FakeBotLogins();
        var probe = new Probe { Logins = logins }.ServesHealthySshd();
        var target = TargetParser.Parse(input);
        if (resolvesTo is not null)
        {
            probe.Resolves(target.Host, resolvesTo);
        }

        await probe.RunAsync(input);

        var login = Assert.Single(logins.Logins); // the inspection runs in the same session
        Assert.Equal(target, login.Target);
        Assert.Equal(resolvesTo ?? target.Address!.ToString(), login.Address.ToString());
        Assert.Single(logins.Scripts);
    }
}
