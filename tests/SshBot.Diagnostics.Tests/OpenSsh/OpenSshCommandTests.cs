using System.Net;
using SshBot.Diagnostics.OpenSsh;
using SshBot.Diagnostics.Targets;
using SshBot.Diagnostics.Tests.Fakes;

namespace SshBot.Diagnostics.Tests.OpenSsh;

public sealed class OpenSshCommandTests
{
    private static readonly OpenSshOptions Options = new()
    {
        IdentityFile = "/var/lib/sshbot/id_ed25519",
        KnownHostsFile = "/var/lib/sshbot/known_hosts",
        ConnectTimeout = TimeSpan.FromSeconds(7),
    };

    [Theory]
    [InlineData("web-01")]
    [InlineData("deploy@10.1.2.3:2222")]
    [InlineData("[2001:db8::1]:22")]
    public void TheHostComesRightAfterDoubleDashAndOnlyTheRemoteCommandFollows(string input)
    {
        var target = TargetParser.Parse(input);

        var args = OpenSshCommand.Build(Options, target, RemoteCommand.None);

        var dash = args.ToList().IndexOf("--");
        Assert.True(dash > 0);
        Assert.Equal(target.Host, args[dash + 1]);
        Assert.Equal(["true"], args.Skip(dash + 2));
        Assert.Single(args, a => a == "--");
    }

    [Fact]
    public void EveryRunIsNonInteractiveStrictAndUsesOnlyTheBotsKnownHostsAndKey()
    {
        var args = OpenSshCommand.Build(Options, TargetParser.Parse("web-01"), RemoteCommand.Shell);

        Assert.Equal("-v", args[0]);
        Assert.Equal(["-F", "/dev/null"], args.Skip(1).Take(2));
        var options = OptionValues(args);
        Assert.Equal("yes", options["BatchMode"]);
        Assert.Equal("yes", options["StrictHostKeyChecking"]);
        Assert.Equal("/var/lib/sshbot/known_hosts", options["UserKnownHostsFile"]);
        Assert.Equal("/dev/null", options["GlobalKnownHostsFile"]);
        Assert.Equal("7", options["ConnectTimeout"]);
        Assert.Equal("yes", options["IdentitiesOnly"]);
        Assert.Equal("none", options["IdentityAgent"]);
        Assert.Equal("no", options["UpdateHostKeys"]);
        Assert.DoesNotContain("ProxyCommand", options.Keys, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain("-J", args);
        Assert.Equal("/var/lib/sshbot/id_ed25519", args[args.ToList().IndexOf("-i") + 1]);
        Assert.Equal(["/bin/sh", "-s"], args.TakeLast(2));
    }

    [Fact]
    public void TheValidatedAddressIsDialledAndTheKeyCheckedUnderTheNameAndPort()
    {
        var args = OpenSshCommand.Build(Options, TargetParser.Parse("web-01.corp:2222"), RemoteCommand.None, IPAddress.Parse("10.1.2.3"));

        Assert.Equal("10.1.2.3", args[args.ToList().IndexOf("--") + 1]);
        Assert.Equal("[web-01.corp]:2222", OptionValues(args)["HostKeyAlias"]);
        Assert.Equal("2222", args[args.ToList().IndexOf("-p") + 1]);
    }

    [Fact]
    public void AnAddressTargetNeedsNoAlias()
    {
        var args = OpenSshCommand.Build(Options, TargetParser.Parse("10.1.2.3"), RemoteCommand.None, IPAddress.Parse("10.1.2.3"));

        Assert.DoesNotContain("HostKeyAlias", OptionValues(args).Keys);
        Assert.Equal("10.1.2.3", args[args.ToList().IndexOf("--") + 1]);
    }

    [Fact]
    public void TheConfiguredUserWinsAndTheTargetsUserIsTheFallback()
    {
        var target = TargetParser.Parse("deploy@web-01");

        var configured = OpenSshCommand.Build(Options with { User = "sshbot" }, target, RemoteCommand.None);
        var fallback = OpenSshCommand.Build(Options, target, RemoteCommand.None);
        var none = OpenSshCommand.Build(Options, TargetParser.Parse("web-01"), RemoteCommand.None);

        Assert.Equal("sshbot", configured[configured.ToList().IndexOf("-l") + 1]);
        Assert.Equal("deploy", fallback[fallback.ToList().IndexOf("-l") + 1]);
        Assert.DoesNotContain("-l", none);
    }

    [Fact]
    public void AJumpHostComesFromConfigurationAndItsHopGetsTheSameRulesThroughTheConfigFile()
    {
        var options = Options with { JumpHost = "hop@bastion.corp:2200", CertificateFile = "/var/lib/sshbot/id_ed25519-cert.pub" };

        var args = OpenSshCommand.Build(options, TargetParser.Parse("web-01"), RemoteCommand.None, configFile: "/var/lib/sshbot/known_hosts.ssh_config");
        var config = OpenSshCommand.ConfigText(options);

        Assert.Equal("hop@bastion.corp:2200", args[args.ToList().IndexOf("-J") + 1]);
        Assert.Equal("/var/lib/sshbot/known_hosts.ssh_config", args[args.ToList().IndexOf("-F") + 1]);
        Assert.Equal("/var/lib/sshbot/id_ed25519-cert.pub", OptionValues(args)["CertificateFile"]);
        Assert.Contains("  BatchMode yes\n", config, StringComparison.Ordinal);
        Assert.Contains("  StrictHostKeyChecking yes\n", config, StringComparison.Ordinal);
        Assert.Contains("  UserKnownHostsFile /var/lib/sshbot/known_hosts\n", config, StringComparison.Ordinal);
        Assert.Contains("  IdentityFile /var/lib/sshbot/id_ed25519\n", config, StringComparison.Ordinal);
        Assert.DoesNotContain("ProxyCommand", config, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheRunnerStartsTheConfiguredSshWithTheListTheStdinAndTheTimeout()
    {
        var processes = new RecordingProcessRunner { Answer = new(0, "out", "debug1: x", false, TimeSpan.FromMilliseconds(5)) };
        var runner = new OpenSshRunner(Options with { SshPath = "/usr/bin/ssh" }, processes);

        var result = await runner.RunAsync(TargetParser.Parse("web-01"), RemoteCommand.Shell, "echo hi\n", TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);

        var request = Assert.Single(processes.Requests);
        Assert.Equal("/usr/bin/ssh", request.FileName);
        Assert.Equal(OpenSshCommand.Build(Options, TargetParser.Parse("web-01"), RemoteCommand.Shell), request.Arguments);
        Assert.Equal("echo hi\n", request.Stdin);
        Assert.Equal(TimeSpan.FromSeconds(3), request.Timeout);
        Assert.Equal((0, "out", "debug1: x"), (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public async Task NoMoreSshProcessesRunAtOnceThanConfigured()
    {
        var processes = new GatedProcessRunner();
        var runner = new OpenSshRunner(Options with { MaxConcurrentRuns = 3 }, processes);

        var runs = Enumerable.Range(1, 10)
            .Select(i => runner.RunAsync(TargetParser.Parse($"10.0.0.{i}"), RemoteCommand.None, null, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken))
            .ToArray();
        await processes.WaitForRunningAsync(3);
        processes.Open();
        await Task.WhenAll(runs);

        Assert.Equal(3, processes.Peak);
        Assert.Equal(10, processes.Started);
    }

    /// <summary>Holds every run until opened, counting how many were inside at once.</summary>
    private sealed class GatedProcessRunner : SshBot.Diagnostics.Seams.IProcessRunner
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _lock = new();
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _running;
        private int _target = int.MaxValue;

        public int Peak { get; private set; }

        public int Started { get; private set; }

        public void Open() => _gate.TrySetResult();

        /// <summary>Completes once <paramref name="count"/> runs are inside at the same time.</summary>
        public Task WaitForRunningAsync(int count)
        {
            lock (_lock)
            {
                _target = count;
                if (_running >= count)
                {
                    _reached.TrySetResult();
                }

                return _reached.Task.WaitAsync(TestContext.Current.CancellationToken);
            }
        }

        public async Task<SshBot.Diagnostics.Seams.ProcessResult> RunAsync(SshBot.Diagnostics.Seams.ProcessRequest request, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                _running++;
                Started++;
                Peak = Math.Max(Peak, _running);
                if (_running >= _target)
                {
                    _reached.TrySetResult();
                }
            }

            await _gate.Task.WaitAsync(cancellationToken);
            lock (_lock)
            {
                _running--;
            }

            return new SshBot.Diagnostics.Seams.ProcessResult(0, "", "", false, TimeSpan.Zero);
        }
    }

    private static Dictionary<string, string> OptionValues(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == "-o")
            {
                var eq = args[i + 1].IndexOf('=', StringComparison.Ordinal);
                values[args[i + 1][..eq]] = args[i + 1][(eq + 1)..];
            }
        }

        return values;
    }
}
