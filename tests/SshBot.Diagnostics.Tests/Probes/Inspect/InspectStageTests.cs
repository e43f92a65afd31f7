using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Inspection;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.OpenSsh;
using SshBot.Diagnostics.Probes.Inspect;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Targets;
using SshBot.Diagnostics.Tests.Fakes;
using SshBot.Diagnostics.Tests.Inspection;

namespace SshBot.Diagnostics.Tests.Probes.Inspect;

public sealed class InspectStageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sshbot-inspect-tests-").FullName;
    private readonly RecordingProcessRunner _processes = new();

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
            return Task.FromResult(passes ? StageOutcome.Ok(status) : StageOutcome.Fail(status));
        }
    }

    private OpenSshRunner Runner()
    {
        var key = Path.Combine(_dir, "bot_ed25519");
        File.WriteAllText(key, "not a real key; nothing is started\n");
        return new OpenSshRunner(new OpenSshOptions { IdentityFile = key, KnownHostsFile = Path.Combine(_dir, "known_hosts"), User = "root" }, _processes);
    }

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

        var request = Assert.Single(_processes.Requests);
        Assert.Equal(InspectionScript.Text, request.Stdin);
        var shipped = await File.ReadAllTextAsync(Path.Combine(SourceRoot(), "src", "SshBot.Diagnostics", "Inspection", "inspect.sh"), TestContext.Current.CancellationToken);
        Assert.Equal(shipped, request.Stdin);
        Assert.Equal(["--", TargetParser.Parse(target).Host, "/bin/sh", "-s"], request.Arguments.TakeLast(4));
        if (requestText is not null)
        {
            Assert.DoesNotContain(request.Arguments, a => a.Contains(requestText, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task TheHostsObservationsAreRecordedAndBansCheckedAgainstTheUsersAddress()
    {
        _processes.Answer = new ProcessResult(0, InspectionFixtures.Read("ubuntu-fail2ban-ufw-overloaded.txt"), "debug1: Authenticated to 198.18.0.10", false, TimeSpan.FromMilliseconds(900));

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
        _processes.Answer = new ProcessResult(0, InspectionFixtures.Read("ubuntu-fail2ban-ufw-overloaded.txt"), "", false, TimeSpan.Zero);

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

        Assert.Empty(_processes.Requests);
        Assert.Equal(status, result.Observations["host.inspect.status"].Text);
        Assert.NotEqual(StageStatus.Ok, result.Stages.Single(s => s.Name == "inspect").Status);
    }

    [Fact]
    public async Task WithNoIdentityConfiguredInspectionIsUnavailable()
    {
        var result = await Diagnose(new Login("accepted"), new InspectStage(runner: null));

        Assert.Equal("unavailable", result.Observations["host.inspect.status"].Text);
    }

    [Fact]
    public async Task AShellThatPrintsNoFramesIsAnErrorThatQuotesSsh()
    {
        _processes.Answer = new ProcessResult(255, "", "debug1: Authenticated\nroot@198.18.0.10: Connection closed by remote host\n", false, TimeSpan.Zero);

        var result = await Diagnose(new Login("accepted"), new InspectStage(Runner()));

        Assert.Equal("error", result.Observations["host.inspect.status"].Text);
        Assert.Contains("Connection closed by remote host", result.Stages.Single(s => s.Name == "inspect").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATimedOutInspectionKeepsWhatItReadAndSaysTimeout()
    {
        var text = InspectionFixtures.Read("ubuntu-fail2ban-ufw-overloaded.txt");
        _processes.Answer = new ProcessResult(-1, text[..text.IndexOf("@@section firewall-nft", StringComparison.Ordinal)], "", true, TimeSpan.FromSeconds(30));

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

        Assert.Empty(_processes.Requests);
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
