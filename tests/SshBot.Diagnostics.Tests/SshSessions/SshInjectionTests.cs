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

    [Theory]
    [MemberData(nameof(HostileHosts))]
    public async Task AHostileHostNeverReachesALogin(string input)
    {
        var logins = new FakeBotLogins();
        var probe = new Probe { Logins = logins }.ServesHealthySshd();

        await Assert.ThrowsAsync<TargetFormatException>(() => probe.RunAsync(input));

        Assert.Empty(logins.Logins);
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
