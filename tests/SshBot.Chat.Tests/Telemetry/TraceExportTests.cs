using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using SshBot.Chat.Telemetry;

namespace SshBot.Chat.Tests.Telemetry;

/// <summary>
/// A zone agent is no web server, so it exports its spans on its own: to the same collector as
/// the replicas, with the same settings, and only when one is configured.
/// </summary>
public sealed class TraceExportTests
{
    [Fact]
    public async Task AnAgentsSpansReachTheConfiguredCollectorOverOtlpHttp()
    {
        using var collector = new HttpListener();
        var port = FreePort();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = collector.GetContextAsync();

        using (var provider = TraceExport.Start(Settings(("Telemetry:OtlpEndpoint", $"http://127.0.0.1:{port}")), "sshbot-agent", "office-a"))
        {
            Assert.NotNull(provider);
            using var span = BotTelemetry.Source.StartActivity("zone job");
            Assert.NotNull(span);
        }

        var context = await received.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body, TestContext.Current.CancellationToken);
        context.Response.StatusCode = 200;
        context.Response.Close();
        Assert.Equal("/v1/traces", context.Request.Url!.AbsolutePath);
        Assert.Equal("application/x-protobuf", context.Request.ContentType);
        var bytes = Encoding.UTF8.GetString(body.ToArray());
        Assert.Contains("zone job", bytes, StringComparison.Ordinal);
        Assert.Contains("sshbot-agent", bytes, StringComparison.Ordinal);
        Assert.Contains("office-a", bytes, StringComparison.Ordinal);
    }

    [Fact]
    public void WithNoCollectorConfiguredNothingIsExported()
    {
        Assert.Null(TraceExport.Start(Settings(), "sshbot-agent", "office-a"));
    }

    [Theory]
    [InlineData("Telemetry:OtlpEndpoint", "collector:4318")]
    [InlineData("Telemetry:OtlpProtocol", "thrift")]
    public void ABadSettingIsOneSentenceNamingIt(string key, string value)
    {
        var e = Assert.Throws<ArgumentException>(() => TraceExport.Start(Settings((key, value)), "sshbot-agent", "office-a"));

        Assert.StartsWith(key, e.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
