using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Observations;

namespace SshBot.Zones.Wire;

/// <summary>
/// One diagnosis for one zone, as published on <c>sshbot.DEPLOYMENT.jobs.ZONE</c>. The job id is
/// also the message id (Nats-Msg-Id), so the server drops a second publish of the same job.
/// </summary>
public sealed record JobRequest(string JobId, string Zone, WireTarget Target, string Origin, JobOptions Options, DateTimeOffset RequestedAt);

/// <summary>The parts of <see cref="DiagnosisOptions"/> a requester chooses; the agent bounds them again.</summary>
public sealed record JobOptions(
    double ConnectTimeoutSeconds,
    double BannerTimeoutSeconds,
    double NegotiateTimeoutSeconds,
    double DeadlineSeconds,
    int PathConnects,
    IReadOnlyDictionary<string, ObservationValue> Reported)
{
    /// <summary>The longest deadline an agent accepts, whatever a job asks.</summary>
    public static readonly TimeSpan MaxDeadline = TimeSpan.FromMinutes(5);

    public static JobOptions From(DiagnosisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(
            options.ConnectTimeout.TotalSeconds,
            options.BannerTimeout.TotalSeconds,
            options.NegotiateTimeout.TotalSeconds,
            options.Deadline.TotalSeconds,
            options.Path.Connects,
            options.Reported);
    }

    /// <summary>The options the agent runs with: the job's, each clamped to what an agent allows.</summary>
    public DiagnosisOptions ToOptions()
    {
        var defaults = new DiagnosisOptions();
        return defaults with
        {
            ConnectTimeout = Clamp(ConnectTimeoutSeconds, MaxDeadline),
            BannerTimeout = Clamp(BannerTimeoutSeconds, MaxDeadline),
            NegotiateTimeout = Clamp(NegotiateTimeoutSeconds, MaxDeadline),
            Deadline = Clamp(DeadlineSeconds, MaxDeadline),
            Path = defaults.Path with { Connects = Math.Clamp(PathConnects, 0, SshBot.Diagnostics.Probes.PathCheck.PathOptions.MaxConnects) },
            Reported = Reported.Where(r => r.Key.StartsWith("report.", StringComparison.Ordinal)).ToDictionary(StringComparer.Ordinal),
        };
    }

    private static TimeSpan Clamp(double seconds, TimeSpan max) =>
        double.IsFinite(seconds) && seconds > 0 ? TimeSpan.FromSeconds(Math.Min(seconds, max.TotalSeconds)) : TimeSpan.FromSeconds(1);
}

/// <summary>The answer to a job, kept in the results bucket under the zone and the job's key.</summary>
public sealed record JobResult(string JobId, string Zone, string Agent, int Delivery, WireDiagnosis Diagnosis, DateTimeOffset FinishedAt);

/// <summary>A stage finished on an agent: published on <c>sshbot.DEPLOYMENT.progress.ZONE.JOBKEY</c>.</summary>
public sealed record StageProgress(string JobId, string Agent, int Delivery, WireStage Stage);

/// <summary>An agent says it is alive (or, with <see cref="Stopping"/>, that it is going away).</summary>
public sealed record AgentHeartbeat(string Agent, string Zone, DateTimeOffset Started, DateTimeOffset At, bool Stopping);
