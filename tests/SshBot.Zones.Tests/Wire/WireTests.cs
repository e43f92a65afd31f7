using System.Net;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Targets;
using SshBot.Zones.Wire;

namespace SshBot.Zones.Tests.Wire;

public sealed class WireTests
{
    [Fact]
    public void ADiagnosisRoundTripsThroughTheWire()
    {
        var observations = new SortedDictionary<string, ObservationValue>(StringComparer.Ordinal)
        {
            ["tcp.status"] = ObservationValue.Of("connected"),
            ["tcp.ms"] = ObservationValue.Of(1.25),
            ["tcp.timeout_learned"] = ObservationValue.Of(false),
            ["dns.addresses"] = ObservationValue.Of(["198.18.1.2", "2001:db8::2"]),
        };
        var stage = new StageReport("connect", StageStatus.Failed, 12, "refused") { ObservationsSoFar = observations };
        var original = new Diagnosis(new Target("2001:db8::2", 2222, "deploy", IPAddress.Parse("2001:db8::2")), PolicyDecision.Allow("allowlisted"), ["2001:db8::2"], observations, [stage], 42);

        var back = WireJson.Read<WireDiagnosis>(WireJson.Write(WireDiagnosis.From(original))).ToDiagnosis();

        Assert.Equal(original.Target, back.Target);
        Assert.Equal(original.Policy, back.Policy);
        Assert.Equal(original.Addresses, back.Addresses);
        Assert.Equal(original.Observations, back.Observations);
        Assert.Equal(original.ElapsedMs, back.ElapsedMs);
        var backStage = Assert.Single(back.Stages);
        Assert.Equal((stage.Name, stage.Status, stage.Ms, stage.Detail), (backStage.Name, backStage.Status, backStage.Ms, backStage.Detail));
        Assert.Equal(observations, backStage.ObservationsSoFar);
    }

    [Fact]
    public void AJobsOptionsAreBoundedByTheAgent()
    {
        var job = new JobOptions(ConnectTimeoutSeconds: 1e9, BannerTimeoutSeconds: -1, NegotiateTimeoutSeconds: double.NaN, DeadlineSeconds: 1e9, PathConnects: 10_000,
            Reported: new Dictionary<string, ObservationValue> { ["report.idle_drop"] = ObservationValue.Of(true), ["tcp.status"] = ObservationValue.Of("connected") });

        var options = job.ToOptions();

        Assert.Equal(JobOptions.MaxDeadline, options.ConnectTimeout);
        Assert.Equal(JobOptions.MaxDeadline, options.Deadline);
        Assert.Equal(TimeSpan.FromSeconds(1), options.BannerTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), options.NegotiateTimeout);
        Assert.Equal(SshBot.Diagnostics.Probes.PathCheck.PathOptions.MaxConnects, options.Path.Connects);
        Assert.Equal(["report.idle_drop"], options.Reported.Keys);
    }
}
