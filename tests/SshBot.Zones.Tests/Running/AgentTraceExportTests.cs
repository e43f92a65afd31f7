using System.Net;
using SshBot.Chat.Telemetry;
using SshBot.Lab.Tests.Infrastructure;
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
        using var listener = BotSpans.Listen();
        using var collector = new HttpListener();
        var collectorPort = ServeUnderTest.FreePort();
        collector.Prefixes.Add($"http://127.0.0.1:{collectorPort}/");
        collector.Start();
        await using var agent = StartAgent(collectorPort);
        await _replica.WaitOnlineAsync("office", "office-otlp");

        byte[] traceId = new byte[16];
        using (var diagnose = BotTelemetry.Source.StartActivity("diagnose"))
        {
            diagnose!.TraceId.CopyTo(traceId);
            var diagnosis = await _replica.RunAsync($"127.0.0.1:{ServeUnderTest.FreePort()}", "job-otlp-1");
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

    private SshbotProcess StartAgent(int collectorPort)
    {
        var settings = _nats.Settings("agent-office");
        return SshbotProcess.Start(
            new Dictionary<string, string>
            {
                ["Nats__Url"] = settings.Url,
                ["Nats__Deployment"] = settings.Deployment,
                ["Nats__User"] = settings.User!,
                ["Nats__Password"] = settings.Password!,
                ["Nats__HeartbeatInterval"] = "0.3",
                ["Targets__Allow__0"] = "127.0.0.0/8",
                ["Telemetry__OtlpEndpoint"] = $"http://127.0.0.1:{collectorPort}",
                ["SSHBOT_DATA_DIR"] = _data,
            },
            "agent", "--zone", "office", "--id", "office-otlp");
    }
}
