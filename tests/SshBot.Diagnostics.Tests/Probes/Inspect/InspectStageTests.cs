using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Inspection;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.SshSessions;
using SshBot.Diagnostics.Probes.Inspect;
using SshBot.Diagnostics.Targets;
using SshBot.Diagnostics.Tests.Fakes;
using SshBot.Diagnostics.Tests.Inspection;

namespace SshBot.Diagnostics.Tests.Probes.Inspect;

public sealed class InspectStageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sshbot-inspect-tests-").FullName;
    private readonly FakeBotLogins _logins = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A stand-in for the authenticate stage: it only records the login outcome it is given.</summary>
    private sealed class Login(string status, bool passes = true) : IDiagnosisStage
    {
        public string Name => InspectStage.AuthenticateStage;

        public IReadOnlyList<string> DependsOn => [];

        public TimeSpan GetTimeout(DiagnosisOptions options) => TimeSpan.FromSeconds(5);

        public Task<StageOutcome> RunAsync(DiagnosisContext context, CancellationToken cancellationToken)
        {
            context.Observations.Set("ssh.auth.status", status);
            // As the resolve stage would have: the address the policy validated.
            context.Addresses = [System.Net.IPAddress.Parse("198.18.0.10")];
            return Task.FromResult(passes ? StageOutcome.Ok(status) : StageOutcome.Fail(status));
        }
    }

    private FakeBotLogins Runner() => _logins;

    private static Task<Diagnosis> Diagnose(IDiagnosisStage login, InspectStage inspect, string target = "198.18.0.10", DiagnosisOptions? options = null) =>
        new DiagnosisEngine([login, inspect], TargetPolicy.Default, options ?? new DiagnosisOptions())
            .DiagnoseAsync(TargetParser.Parse(target), RequestOrigin.Cli, null, TestContext.Current.CancellationToken);

    private static DiagnosisOptions Saying(params (string Key, ObservationValue Value)[] reported) =>
        new() { Reported = reported.ToDictionary(r => r.Key, r => r.Value) };

    [Theory]
    [InlineData("198.18.0.10", null)]
    [InlineData("deploy@web-01.corp.example:2222", "drops when idle; $(reboot) `id` ; rm -rf / #")]
    [InlineData("[2001:db8::7]:22", "'; cat /etc/shadow; echo '")]
    public async Task TheScriptSentIsTheEmbeddedResourceByteForByteWhateverTheTargetAndRequest(string target, string? requestText)
    {
        // Whatever the requester said reaches the stage only as report.* observations.
        var options = requestText is null ? new DiagnosisOptions()
            : Saying(("report.idle_drop", ObservationValue.Of(true)), ("report.client_address", ObservationValue.Of(requestText)));

        await Diagnose(new Login("accepted"), new InspectStage(Runner()), target, options);

        var script = Assert.Single(_logins.Scripts);
        Assert.Equal(InspectionScript.Text, script);
        var shipped = await File.ReadAllTextAsync(Path.Combine(SourceRoot(), "src", "SshBot.Diagnostics", "Inspection", "inspect.sh"), TestContext.Current.CancellationToken);
        Assert.Equal(shipped, script);
        var login = Assert.Single(_logins.Logins);
        Assert.Equal(TargetParser.Parse(target), login.Target);
        if (requestText is not null)
        {
            Assert.DoesNotContain(requestText, script, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheHostsObservationsAreRecordedAndBansCheckedAgainstTheUsersAddress()
    {
        _logins.Script = new ScriptResult(0, InspectionFixtures.Read("ubuntu-fail2ban-ufw-overloaded.txt"), "", false, false);

        var result = await Diagnose(new Login("accepted"), new InspectStage(Runner()), options: Saying(("report.client_address", ObservationValue.Of("198.51.100.7"))));

        var o = result.Observations;
        Assert.Equal("ok", o["host.inspect.status"].Text);
        Assert.True(o["host.client_banned"].Flag);
        Assert.Equal(0, o["host.sshd.clientaliveinterval"].Number);
        Assert.Equal(2, o["host.oom.kills"].Number);
        Assert.Equal(StageStatus.Ok, result.Stages.Single(s => s.Name == "inspect").Status);
    }

    [Fact]
    public async Task WithoutTheUsersAddressTheBotsOwnIsChecked()
    {
        _logins.Script = new ScriptResult(0, InspectionFixtures.Read("ubuntu-fail2ban-ufw-overloaded.txt"), "", false, false);

        var result = await Diagnose(new Login("accepted"), new InspectStage(Runner()));

        Assert.False(result.Observations["host.client_banned"].Flag);
    }

    [Theory]
    [InlineData("denied", true, "skipped")]
    [InlineData("denied", false, "skipped")]
    [InlineData("hostkey-changed", false, "skipped")]
    [InlineData("unavailable", false, "unavailable")]
    public async Task WhenTheBotsLoginWasNotAcceptedNothingRunsAndTheStatusSaysSo(string login, bool authenticatePasses, string status)
    {
        var result = await Diagnose(new Login(login, authenticatePasses), new InspectStage(Runner()));

        Assert.Empty(_logins.Logins);
        Assert.Equal(status, result.Observations["host.inspect.status"].Text);
        Assert.NotEqual(StageStatus.Ok, result.Stages.Single(s => s.Name == "inspect").Status);
    }

    [Fact]
    public async Task WithNoIdentityConfiguredInspectionIsUnavailable()
    {
        var result = await Diagnose(new Login("accepted"), new InspectStage(connector: null));

        Assert.Equal("unavailable", result.Observations["host.inspect.status"].Text);
    }

    [Fact]
    public async Task AShellThatPrintsNoFramesIsAnErrorThatQuotesItsLastWords()
    {
        _logins.Script = new ScriptResult(null, "", "sh: 1: cannot open /bin/sh\nConnection closed by remote host\n", false, false);

        var result = await Diagnose(new Login("accepted"), new InspectStage(Runner()));

        Assert.Equal("error", result.Observations["host.inspect.status"].Text);
        Assert.Contains("Connection closed by remote host", result.Stages.Single(s => s.Name == "inspect").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATimedOutInspectionKeepsWhatItReadAndSaysTimeout()
    {
        var text = InspectionFixtures.Read("ubuntu-fail2ban-ufw-overloaded.txt");
        _logins.Script = new ScriptResult(null, text[..text.IndexOf("@@section firewall-nft", StringComparison.Ordinal)], "", true, false);

        var result = await Diagnose(new Login("accepted"), new InspectStage(Runner()));

        Assert.Equal("timeout", result.Observations["host.inspect.status"].Text);
        Assert.Equal(10, result.Observations["host.sshd.maxsessions"].Number);
        Assert.False(result.Observations.ContainsKey("host.oom.kills"));
    }

    [Fact]
    public async Task OnlyReportKeysMayBeGivenUpFront()
    {
        var options = Saying(("host.client_banned", ObservationValue.Of(true)));

        await Assert.ThrowsAsync<ArgumentException>(() => Diagnose(new Login("accepted"), new InspectStage(Runner()), options: options));

        Assert.Empty(_logins.Logins);
    }

    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SshBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("no SshBot.sln above the test binaries");
    }
}
