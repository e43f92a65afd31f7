using System.Globalization;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios.Harder;

/// <summary>
/// A resolver that takes every query and never answers, used as the lab client c2's only
/// nameserver with the glibc defaults (5 s a try, two tries): the lookup would take 10 s and
/// end as EAI_AGAIN, which reads as SERVFAIL. The resolve stage ends at its own timeout instead.
/// </summary>
[Collection(LabHosts.Name)]
public sealed class SilentResolverScenarioTests(LabFixture lab)
{
    [Fact]
    public async Task AResolverThatNeverAnswersIsATimeoutAtTheStepTimeoutNotAServfailTenSecondsLater()
    {
        var run = await Sshbot.RunInNamespaceAsync(lab.Namespace("c2"), "diagnose", "web-01.sshbot.test", "--json", "--no-record", "--timeout", "3");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("timeout", run.Observation("dns.status"));
        var resolve = run.Json.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "resolve");
        Assert.InRange(resolve.GetProperty("ms").GetDouble(), 2900, 3900);
        Assert.InRange(double.Parse(run.Observation("dns.ms"), CultureInfo.InvariantCulture), 2900, 3900);
        Assert.Equal("dns-resolution-failure", run.Verdict);
    }
}
