using System.Net;
using SshBot.Chat.Running;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Targets;
using SshBot.Zones.Comparison;
using SshBot.Zones.Configuration;
using SshBot.Zones.Messaging;

namespace SshBot.Zones.Running;

/// <summary>
/// Diagnoses through the agents of the target's zone instead of from this machine. A target no
/// zone covers is answered at once, without a probe (no vantage point); a job naming several
/// zones runs in each and the reports are merged. The job id is what makes it safe to ask twice:
/// any replica asking for the same id gets the one result.
/// </summary>
public sealed class ZoneDiagnosisRunner(ZoneMap map, ZoneBackend backend, DiagnosisOptions options, IDnsResolver? resolver = null) : IDiagnosisRunner
{
    /// <summary>How long a name that no suffix covers may take to resolve here before it counts as covered by no zone.</summary>
    public static readonly TimeSpan ResolveBudget = TimeSpan.FromMilliseconds(300);

    public async Task<Diagnosis> RunAsync(Target target, RequestOrigin origin, DiagnosisJob job, IProgress<StageReport> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(job);
        var named = Named(job.Zones);
        if (job.Zones.Count > 0 && named.Count == 0)
        {
            return VantageDiagnoses.UnknownPlace(target, job.Zones, map.Zones.Select(z => z.Name));
        }

        if (named.Count >= 2)
        {
            return (await CompareAsync(target, origin, job.Id, named, progress, ct)).Merged;
        }

        var zone = named.Count == 1 ? named[0] : await FindAsync(target, ct);
        if (zone is null)
        {
            return VantageDiagnoses.NoVantagePoint(target, map.Zones.Select(z => z.Name));
        }

        var client = await backend.ClientAsync(ct);
        return (await client.RunAsync(zone.Name, target, origin, job.Id, options, progress, ct)).Diagnosis;
    }

    /// <summary>Runs the job in every zone given (each under its own job id derived from <paramref name="jobId"/>) and merges the reports.</summary>
    public async Task<ComparedDiagnosis> CompareAsync(Target target, RequestOrigin origin, string jobId, IReadOnlyList<Zone> zones, IProgress<StageReport>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(zones);
        var client = await backend.ClientAsync(ct);
        var outcomes = await Task.WhenAll(zones.Select(z => client.RunAsync(
            z.Name, target, origin, JobKey.PerZone(jobId, z.Name), options, progress is null ? null : new ZoneProgress(z.Name, progress), ct)));
        return ZoneComparison.Merge(target, outcomes);
    }

    /// <summary>The zones a request named (by name or alias); names that are no zone are left out.</summary>
    public IReadOnlyList<Zone> Named(IEnumerable<string> names) =>
        [.. names.Select(map.Named).OfType<Zone>().Distinct()];

    private async Task<Zone?> FindAsync(Target target, CancellationToken ct)
    {
        var zone = map.Find(target);
        if (zone is not null || target.Address is not null || resolver is null)
        {
            return zone;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(ResolveBudget);
        try
        {
            IReadOnlyList<IPAddress> addresses = await resolver.ResolveAsync(target.Host, budget.Token);
            return map.Find(addresses);
        }
        catch (Exception e) when (e is DnsResolutionException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
    }

    private sealed class ZoneProgress(string zone, IProgress<StageReport> inner) : IProgress<StageReport>
    {
        public void Report(StageReport value) => inner.Report(value with { Name = $"{zone}/{value.Name}" });
    }
}
