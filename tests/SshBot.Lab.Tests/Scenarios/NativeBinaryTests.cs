using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>
/// The natively compiled `sshbot` against the lab: the same verdicts, stages and observations
/// as the JIT build, its incident store (SQLite and PostgreSQL), the console chat and `serve`'s health.
/// </summary>
[Collection(LabHosts.Name)]
public sealed class NativeBinaryTests(LabFixture lab, NativeBinary native) : IClassFixture<NativeBinary>, IDisposable
{
    private static readonly string Kb = Path.Combine(Repository.Root, "kb");

    private readonly List<string> _dataDirs = [];

    /// <summary>A fresh data directory for one test, removed with the test.</summary>
    private string NewDataDir()
    {
        var dir = Directory.CreateTempSubdirectory("sshbot-native-data-").FullName;
        _dataDirs.Add(dir);
        return dir;
    }

    public void Dispose()
    {
        foreach (var dir in _dataDirs)
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private async Task<Shell.Result> Native(string dataDir, IEnumerable<string> args, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["SSHBOT_DATA_DIR"] = dataDir };
        return await Shell.RunAsync(native.Path, args, TimeSpan.FromSeconds(60), stdin, env, TestContext.Current.CancellationToken);
    }

    private static string Shape(JsonElement report)
    {
        // Everything but timings: the verdict, stage statuses, and the observations that do not
        // measure time. (The partial findings ranked below the verdict are left out.) The path
        // connects' greeting counts (path.banner.*) are timings too: each connect waits only about
        // as long as sshd took to greet the diagnosis's own connection, so whether a healthy
        // sshd's greeting arrives within it depends on the moment.
        var stages = report.GetProperty("stages").EnumerateArray().Select(s => $"{s.GetProperty("name")}={s.GetProperty("status")}");
        var observations = report.GetProperty("observations").EnumerateObject()
            .Where(p => !p.Name.EndsWith("ms", StringComparison.Ordinal) && !p.Name.StartsWith("path.banner.", StringComparison.Ordinal)
                && p.Name is not ("tcp.attempts" or "path.loss_pct" or "path.mtu.detail"))
            .Select(p => $"{p.Name}={p.Value}");
        return string.Join('\n', [report.GetProperty("verdict").ToString(), .. stages, .. observations]);
    }

    [Theory]
    [InlineData("healthy")]
    [InlineData("stopped")]
    [InlineData("reject")]
    [InlineData("rsaonly")]
    [InlineData("http")]
    [InlineData("oldkex")]
    [InlineData("blackhole")]
    public async Task TheNativeBinaryReachesTheSameDiagnosisAsTheJitBuild(string scenario)
    {
        var dataDir = NewDataDir();
        string[] args = ["diagnose", lab[scenario], "--json", "--no-record", "--timeout", "3", "--kb", Kb];

        var native = await Native(dataDir, args);
        // sshd is still reaping the children of the first run's connections for a moment; on a
        // loaded machine, a second run right behind them could meet MaxStartups and differ for that alone.
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        var jit = await Sshbot.RunAsync(args);

        Assert.True(native.ExitCode == 0, native.Stderr);
        Assert.Equal(Shape(jit.Json), Shape(JsonDocument.Parse(native.Stdout).RootElement));
    }

    [Fact]
    public async Task TheNativeBinaryRecordsAndListsIncidentsInSqlite()
    {
        var dataDir = NewDataDir();

        var diagnose = await Native(dataDir, ["diagnose", lab["stopped"], "--kb", Kb]);
        var list = await Native(dataDir, ["incidents", "list", "--json"]);

        Assert.True(diagnose.ExitCode == 0, diagnose.Stderr);
        Assert.Contains("sshd-not-listening", diagnose.Stdout, StringComparison.Ordinal);
        Assert.True(list.ExitCode == 0, list.Stderr);
        var incident = Assert.Single(JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray());
        Assert.Equal("sshd-not-listening", incident.GetProperty("verdictId").GetString());
        var show = await Native(dataDir, ["incidents", "show", incident.GetProperty("id").ToString()]);
        Assert.True(show.ExitCode == 0, show.Stderr);
        Assert.Contains(lab["stopped"], show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheNativeBinaryRecordsIncidentsInPostgres()
    {
        var connection = Environment.GetEnvironmentVariable("SSHBOT_TEST_POSTGRES")
            ?? throw new InvalidOperationException("SSHBOT_TEST_POSTGRES is not set: run the tests through infra/test.sh, which starts PostgreSQL.");
        var dataDir = NewDataDir();
        var env = new Dictionary<string, string> { ["SSHBOT_INCIDENTS_CONNECTION"] = connection };
        var host = lab["reject"];

        var diagnose = await Native(dataDir, ["diagnose", host, "--store", "postgres", "--kb", Kb], environment: env);
        var list = await Native(dataDir, ["incidents", "list", "--store", "postgres", "--json"], environment: env);

        Assert.True(diagnose.ExitCode == 0, diagnose.Stderr);
        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Contains(JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray(), i => i.GetProperty("host").GetString() == host && i.GetProperty("verdictId").GetString() == "firewall-reject");
    }

    [Fact]
    public async Task TheNativeConsoleChatNamesAStoppedSshd()
    {
        var dataDir = NewDataDir();

        var chat = await Native(dataDir, ["chat", "--kb", Kb], stdin: $"can't ssh to {lab["stopped"]}\nquit\n");

        Assert.True(chat.ExitCode == 0, chat.Stderr);
        Assert.Contains("sshd-not-listening", chat.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheNativeServeAnswersItsHealthEndpoint()
    {
        var dataDir = NewDataDir();
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var info = new System.Diagnostics.ProcessStartInfo(native.Path)
        {
            ArgumentList = { "serve", "--urls", $"http://127.0.0.1:{port}" },
            Environment = { ["SSHBOT_DATA_DIR"] = dataDir, ["Kb__Directory"] = Kb },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        using var serve = System.Diagnostics.Process.Start(info)!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            HttpResponseMessage? health = null;
            for (var i = 0; i < 100 && health is not { IsSuccessStatusCode: true } && !serve.HasExited; i++)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
                try
                {
                    health = await http.GetAsync("/health", TestContext.Current.CancellationToken);
                }
                catch (HttpRequestException)
                {
                }
            }

            Assert.True(health is { IsSuccessStatusCode: true }, serve.HasExited ? await serve.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken) : $"serve's /health answered {health?.StatusCode}");
            var body = JsonDocument.Parse(await health!.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
            Assert.Equal("ok", body.GetProperty("status").GetString());
            Assert.True(body.GetProperty("knowledgeBase").GetProperty("articles").GetInt32() > 0);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }
}
