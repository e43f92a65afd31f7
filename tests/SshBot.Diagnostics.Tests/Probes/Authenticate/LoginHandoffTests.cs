using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Probes.Authenticate;
using SshBot.Diagnostics.Probes.Inspect;
using SshBot.Diagnostics.SshSessions;
using SshBot.Diagnostics.Targets;
using SshBot.Diagnostics.Tests.Fakes;

namespace SshBot.Diagnostics.Tests.Probes.Authenticate;

public sealed class LoginHandoffTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheInspectionRunsInTheSessionTheLoginOpenedAndClosesIt()
    {
        var logins = new FakeBotLogins();
        var probe = new Probe { Logins = logins }.ServesHealthySshd();

        var result = await probe.RunAsync("10.1.2.3");

        Assert.Equal("ok", result.Stages.Single(s => s.Name == "authenticate").StatusText);
        Assert.NotEqual("skipped", result.Stages.Single(s => s.Name == "inspect").StatusText);
        Assert.Single(logins.Logins);
        Assert.Single(logins.Scripts);
        Assert.Equal(1, logins.Closed);
    }

    [Fact]
    public async Task ASessionNobodyTakesIsClosedAfterItsTime()
    {
        var logins = new FakeBotLogins();
        var handoff = new LoginHandoff { KeepFor = TimeSpan.FromMilliseconds(50) };
        var login = await logins.LoginAsync(TargetParser.Parse("10.1.2.3"), System.Net.IPAddress.Parse("10.1.2.3"), RequestOrigin.Cli, TimeSpan.FromSeconds(1), Ct);
        await using var context = new DiagnosisContext(TargetParser.Parse("10.1.2.3"), RequestOrigin.Cli, new DiagnosisOptions(), TimeProvider.System);

        handoff.Offer(context, login.Session!);
        await logins.FirstClosed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(0, handoff.Waiting);
        Assert.Null(handoff.Take(context));
        Assert.Equal(1, logins.Closed);
    }

    [Fact]
    public async Task AnInspectionThatIsSkippedClosesTheSessionLeftForIt()
    {
        var logins = new FakeBotLogins();
        var handoff = new LoginHandoff();
        var login = await logins.LoginAsync(TargetParser.Parse("10.1.2.3"), System.Net.IPAddress.Parse("10.1.2.3"), RequestOrigin.Cli, TimeSpan.FromSeconds(1), Ct);
        await using var context = new DiagnosisContext(TargetParser.Parse("10.1.2.3"), RequestOrigin.Cli, new DiagnosisOptions(), TimeProvider.System);
        handoff.Offer(context, login.Session!);

        new InspectStage(logins, handoff: handoff).RecordSkipped(context, "the plan's deadline passed");

        Assert.Equal(0, handoff.Waiting);
        Assert.Equal(1, logins.Closed);
    }
}
