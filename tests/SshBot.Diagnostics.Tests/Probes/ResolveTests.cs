using System.Diagnostics;
using System.Net;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Probes.Resolve;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Tests.Fakes;

namespace SshBot.Diagnostics.Tests.Probes;

public sealed class ResolveTests
{
    [Fact]
    public async Task AResolverThatIgnoresTheTimeoutIsCutOffAtTheStagesOwnTimeoutAndCalledATimeout()
    {
        // The system resolver does not stop when asked to: it goes on with its own tries.
        var never = new TaskCompletionSource<IReadOnlyList<IPAddress>>();
        var probe = new Probe { Options = new DiagnosisOptions().WithNetworkTimeout(TimeSpan.FromMilliseconds(300)) };
        probe.Resolver.ResolveAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(never.Task);
        var started = Stopwatch.StartNew();

        var result = await probe.RunAsync("web-01.example.net");

        Assert.InRange(started.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3));
        Assert.Equal("timeout", result.Observations["dns.status"].Text);
        Assert.Equal("skipped", result.Stages.Single(s => s.Name == "connect").StatusText);
        never.SetException(new DnsResolutionException(DnsFailure.ServFail, "Resource temporarily unavailable"));
    }

    [Fact]
    public async Task TryAgainAfterAWholeResolverTryIsATimeoutNotAServfail()
    {
        var probe = new Probe { Options = new DiagnosisOptions().WithNetworkTimeout(TimeSpan.FromSeconds(5)) };
        probe.Resolver.ResolveAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(_ => FailsAfterATry());

        var result = await probe.RunAsync("web-01.example.net");

        Assert.Equal("timeout", result.Observations["dns.status"].Text);
    }

    [Fact]
    public async Task AQuickTryAgainIsAServfail()
    {
        var probe = new Probe();
        probe.Resolver.ResolveAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).ThrowsAsync(new DnsResolutionException(DnsFailure.ServFail, "Resource temporarily unavailable"));

        var result = await probe.RunAsync("web-01.example.net");

        Assert.Equal("servfail", result.Observations["dns.status"].Text);
    }

    private static async Task<IReadOnlyList<IPAddress>> FailsAfterATry()
    {
        // The resolver's own try running out, then glibc's EAI_AGAIN.
        await Task.Delay(ResolveStage.SilentResolverAfter + TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);
        throw new DnsResolutionException(DnsFailure.ServFail, "Resource temporarily unavailable");
    }
}
