using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Telemetry;

/// <summary>One trace from the webhook to the reply, exported to the in-memory exporter by the real server.</summary>
public sealed class TraceTests
{
    [Fact]
    public async Task TheWebhookWorkDiagnosisStageAndReplySpansAreOneLinkedTrace()
    {
        var spans = new List<Activity>();
        await using var bot = await BotServer.StartAsync(configure: builder =>
            builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));

        await bot.PostSignedAsync("/api/slack/events", BotServer.MentionEvent("EvTrace", "can't ssh to web-01"));
        await bot.WaitFinishedAsync("slack:EvTrace");
        Activity[] seen;
        lock (spans)
        {
            // Other servers in this process export to every listener: keep to this request's spans.
            seen = [.. spans];
        }

        var work = Assert.Single(seen, s => s.GetTagItem("sshbot.work.id") as string == "slack:EvTrace");
        var webhook = Assert.Single(seen, s => s.SpanId == work.ParentSpanId);
        var diagnosis = Assert.Single(seen, s => s.DisplayName == "diagnose" && s.ParentSpanId == work.SpanId);
        var stages = seen.Where(s => s.ParentSpanId == diagnosis.SpanId).Select(s => s.DisplayName).ToArray();
        var replies = seen.Where(s => s.Kind == ActivityKind.Client && s.ParentSpanId == work.SpanId).ToArray();

        Assert.Equal((ActivityKind.Server, "/api/slack/events"), (webhook.Kind, webhook.GetTagItem("url.path") as string));
        Assert.Equal(["stage resolve", "stage connect"], stages);
        Assert.Contains(replies, r => (r.GetTagItem("url.full") as string)?.EndsWith("chat.postMessage", StringComparison.Ordinal) == true);
        Assert.Contains(replies, r => (r.GetTagItem("url.full") as string)?.EndsWith("chat.update", StringComparison.Ordinal) == true);
        Assert.All([work, diagnosis, .. replies], s => Assert.Equal(webhook.TraceId, s.TraceId));
    }
}
