using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SshBot.Chat.Telemetry;
using SshBot.Zones.Configuration;
using SshBot.Zones.Tests.Support;

namespace SshBot.Zones.Tests.Running;

/// <summary>
/// The real <c>sshbot agent</c> process, with a collector configured, sends the span of the job it
/// ran to that collector, in the trace of the replica's diagnosis that sent the job. The target is
/// a closed loopback port: refused at once, nothing leaves the machine.
/// </summary>
public sealed class AgentTraceExportTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("sshbot-agent-otlp-").FullName;
    private NatsServer _nats = null!;
    private Replica _replica = null!;

    public async ValueTask InitializeAsync()
    {
        _nats = await NatsServer.StartAsync();
        _replica = await Replica.StartAsync(_nats, map: new ZoneMap([new Zone("office", [IPNetwork.Parse("127.0.0.0/8")], [], ["office VPN"])]));
    }

    [Fact]
    public async Task TheAgentExportsItsJobSpanInTheTraceOfTheRequestThatSentIt()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == BotTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var collector = new HttpListener();
        var collectorPort = FreePort();
        collector.Prefixes.Add($"http://127.0.0.1:{collectorPort}/");
        collector.Start();
        using var agent = StartAgent(collectorPort);
        await _replica.WaitOnlineAsync("office", "office-otlp");

        byte[] traceId = new byte[16];
        using (var diagnose = BotTelemetry.Source.StartActivity("diagnose"))
        {
            diagnose!.TraceId.CopyTo(traceId);
            var diagnosis = await _replica.RunAsync($"127.0.0.1:{FreePort()}", "job-otlp-1");
            Assert.Equal("office-otlp", diagnosis.Observations["vantage.agent"].Text);
        }

        // The agent's batch goes out within its export interval (5 s), or when it stops.
        var bodies = new List<byte[]>();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        while (!bodies.Any(b => b.AsSpan().IndexOf(traceId) >= 0))
        {
            var context = await collector.GetContextAsync().WaitAsync(limit.Token);
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body, limit.Token);
            context.Response.StatusCode = 200;
            context.Response.Close();
            Assert.Equal("/v1/traces", context.Request.Url!.AbsolutePath);
            bodies.Add(body.ToArray());
        }

        var exported = bodies.Single(b => b.AsSpan().IndexOf(traceId) >= 0);
        Assert.True(exported.AsSpan().IndexOf("zone job"u8) >= 0);
        Assert.True(exported.AsSpan().IndexOf("sshbot-agent"u8) >= 0);
    }

    public async ValueTask DisposeAsync()
    {
        await _replica.DisposeAsync();
        await _nats.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private AgentProcess StartAgent(int collectorPort)
    {
        var settings = _nats.Settings("agent-office");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "sshbot.dll"), "agent", "--zone", "office", "--id", "office-otlp"])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["Nats__Url"] = settings.Url;
        info.Environment["Nats__Deployment"] = settings.Deployment;
        info.Environment["Nats__User"] = settings.User;
        info.Environment["Nats__Password"] = settings.Password;
        info.Environment["Nats__HeartbeatInterval"] = "0.3";
        info.Environment["Targets__Allow__0"] = "127.0.0.0/8";
        info.Environment["Telemetry__OtlpEndpoint"] = $"http://127.0.0.1:{collectorPort}";
        info.Environment["SSHBOT_DATA_DIR"] = _data;
        return new AgentProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start the agent"));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private sealed class AgentProcess : IDisposable
    {
        private readonly Process _process;

        public AgentProcess(Process process)
        {
            _process = process;
            _process.ErrorDataReceived += (_, _) => { };
            _process.OutputDataReceived += (_, _) => { };
            _process.BeginErrorReadLine();
            _process.BeginOutputReadLine();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
