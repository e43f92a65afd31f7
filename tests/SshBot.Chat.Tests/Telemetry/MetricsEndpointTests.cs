using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using SshBot.Chat.Hosting;
using SshBot.Chat.Telemetry;
using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Telemetry;

/// <summary>/metrics on the real server, scraped as Prometheus would after a diagnosis through Slack.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task MetricsListRequestsAcknowledgementDiagnosisStagesQueueOutboundCallsRetriesAndRefusalsAfterADiagnosis()
    {
        await using var bot = await BotServer.StartAsync();
        bot.Slack.Throttle(1);

        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvMetrics", "can't ssh to web-01"));
        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvMetricsRefused", "can't ssh to 192.0.2.7", ts: "1700000000.000200"));
        await bot.WaitFinishedAsync("slack:EvMetrics");
        await bot.WaitFinishedAsync("slack:EvMetricsRefused");
        var response = await bot.Http.GetAsync("/metrics", TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var lines = text.Split('\n');

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(
            new[]
            {
                ("sshbot_requests_total{", "channel=\"slack\"", "outcome=\"accepted\""),
                ("sshbot_acknowledgement_duration_seconds_count{", "channel=\"slack\"", "outcome=\"accepted\""),
                ("sshbot_diagnosis_duration_seconds_count{", "verdict=\"sshd-not-listening\"", ""),
                ("sshbot_diagnosis_stage_duration_seconds_count{", "stage=\"connect\"", "status=\"failed\""),
                ("sshbot_queue_depth{", "state=\"queued\"", ""),
                ("sshbot_outbound_calls_total{", "platform=\"slack\"", "status=\"200\""),
                ("sshbot_outbound_retries_total{", "platform=\"slack\"", "status=\"429\""),
                ("sshbot_refusals_total{", "reason=\"policy\"", ""),
            },
            m => Assert.True(lines.Any(l => l.StartsWith(m.Item1, StringComparison.Ordinal) && l.Contains(m.Item2, StringComparison.Ordinal) && l.Contains(m.Item3, StringComparison.Ordinal) && Counted(l, m.Item1)), $"no {m.Item1} {m.Item2} {m.Item3} in:\n{text}"));
        Assert.DoesNotContain("web-01", text, StringComparison.Ordinal);
        Assert.DoesNotContain("U_ALICE", text, StringComparison.Ordinal);
    }

    /// <summary>A counter or histogram count above zero; a gauge (the queue, empty again by now) only has to be there.</summary>
    private static bool Counted(string line, string metric) =>
        metric.StartsWith("sshbot_queue_depth", StringComparison.Ordinal)
        || double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) > 0;

    [Fact]
    public async Task TheMetricsPathIsConfigurableAndAnEmptyPathTurnsItOff()
    {
        await using var moved = await BotServer.StartAsync(extra: new Dictionary<string, string?> { ["Telemetry:MetricsPath"] = "/internal/metrics" });
        await using var off = await BotServer.StartAsync(extra: new Dictionary<string, string?> { ["Telemetry:MetricsPath"] = "" });

        var atNewPath = await moved.Http.GetAsync("/internal/metrics", TestContext.Current.CancellationToken);
        var atOldPath = await moved.Http.GetAsync("/metrics", TestContext.Current.CancellationToken);
        var whenOff = await off.Http.GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, atNewPath.StatusCode);
        Assert.Contains("# TYPE", await atNewPath.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, atOldPath.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, whenOff.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.20.30.40", true)]
    [InlineData("10.20.31.1", false)]
    [InlineData("203.0.113.9", false)]
    public void OnlyLoopbackAndTheAllowedNetworksMayScrape(string remote, bool may)
    {
        Assert.Equal(may, TelemetryServices.MayScrape(IPAddress.Parse(remote), [IPNetwork.Parse("10.20.30.0/24")]));
    }

    [Theory]
    [InlineData("Telemetry:MetricsPath", "metrics", "Telemetry:MetricsPath")]
    [InlineData("Telemetry:MetricsAllowFrom:0", "prometheus", "Telemetry:MetricsAllowFrom")]
    [InlineData("Telemetry:OtlpEndpoint", "collector:4318", "Telemetry:OtlpEndpoint")]
    [InlineData("Telemetry:OtlpProtocol", "thrift", "Telemetry:OtlpProtocol")]
    public async Task ABadTelemetrySettingStopsTheServerWithOneSentenceNamingIt(string key, string value, string named)
    {
        using var error = new StringWriter();

        var exit = await ServeHost.RunAsync([], error, TestContext.Current.CancellationToken, builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        });

        Assert.Equal(ServeHost.ExitInvalidInput, exit);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"sshbot serve: {named}", line, StringComparison.Ordinal);
    }
}
