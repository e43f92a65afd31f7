using System.Diagnostics;
using SshBot.Chat.Telemetry;
using SshBot.Zones.Tests.Support;

namespace SshBot.Zones.Tests.Running;

/// <summary>
/// A job sent to an agent carries the replica's W3C traceparent in a NATS header, so the agent's
/// work shows in the same trace as the chat request that asked for it.
/// </summary>
public sealed class ZoneTraceTests : NatsAndReplica
{
    [Fact]
    public async Task TheAgentsJobSpanBelongsToTheTraceOfTheDiagnosisThatSentIt()
    {
        var jobSpan = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        ActivityTraceId? trace = null;
        using var listener = BotSpans.Listen(a =>
        {
            if (a.OperationName == "zone job" && a.TraceId == trace)
            {
                jobSpan.TrySetResult(a);
            }
        });
        await using var office = TestAgent.Start(Nats, "office", "office-a", new ScriptedStage(ScriptedStage.Connected));
        await Replica.WaitOnlineAsync("office", "office-a");

        using (var diagnose = BotTelemetry.Source.StartActivity("diagnose"))
        {
            trace = diagnose!.TraceId;
            await Replica.RunAsync("198.18.2.7", "job-trace-1");
        }

        var job = await jobSpan.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(ActivityKind.Consumer, job.Kind);
        Assert.NotEqual(default, job.ParentSpanId);
        Assert.Equal(1, office.Stage.Runs);
    }
}
