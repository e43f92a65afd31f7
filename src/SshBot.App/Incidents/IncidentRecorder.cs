using System.Threading.Channels;
using SshBot.App.Reports;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Targets;
using SshBot.Incidents;

namespace SshBot.App.Incidents;

/// <summary>
/// Records one diagnosis as it happens: the request before any probe, each stage as it
/// finishes (in order, off the probe's path), then the verdict. A crash part-way leaves a
/// truthful record of what ran.
/// </summary>
internal sealed class IncidentRecorder : IAsyncDisposable
{
    private readonly IIncidentStore _store;
    private readonly Channel<StageReport> _stages = Channel.CreateUnbounded<StageReport>(new() { SingleReader = true });
    private readonly Task _pump;

    private IncidentRecorder(IIncidentStore store, OpenedRequest opened)
    {
        _store = store;
        Opened = opened;
        _pump = Task.Run(PumpAsync);
    }

    public OpenedRequest Opened { get; }

    /// <summary>Opens the store and records the request. Store failures surface as <see cref="IncidentStoreException"/>.</summary>
    public static async Task<IncidentRecorder> StartAsync(IncidentStoreOptions options, Target target, string platform, string requestedBy, string text, string idempotencyKey, CancellationToken ct)
    {
        var store = await IncidentStoreFactory.CreateAsync(options, ct: ct);
        try
        {
            var opened = await store.OpenRequestAsync(new IncidentRequest(idempotencyKey, target.Host, target.Port, requestedBy, platform, null, null, text), ct);
            return new IncidentRecorder(store, opened);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public void StageFinished(StageReport stage) => _stages.Writer.TryWrite(stage);

    public async Task CompleteAsync(DiagnosisReport report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        _stages.Writer.TryComplete();
        await _pump;
        await _store.CompleteDiagnosisAsync(
            Opened.DiagnosisId,
            report.Verdict?.Id,
            DiagnosisReport.Serialize(report.Findings, DiagnosisReport.JsonLine),
            DiagnosisReport.Serialize(report.Observations, DiagnosisReport.JsonLine),
            ct);
    }

    /// <summary>Closes the record of a diagnosis a signal cut short: completed with no verdict, and the incident says why.</summary>
    public async Task InterruptAsync()
    {
        _stages.Writer.TryComplete();
        await _pump;
        await _store.CompleteDiagnosisAsync(Opened.DiagnosisId, null, "[]", """{"cli.interrupted":"true"}""", CancellationToken.None);
        await _store.RecordEventAsync(Opened.IncidentId, Opened.DiagnosisId, IncidentEventKinds.Interrupted, "interrupted by a signal (Ctrl-C or SIGTERM) before it finished; no verdict", CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        _stages.Writer.TryComplete();
        try
        {
            await _pump;
        }
        finally
        {
            await _store.DisposeAsync();
        }
    }

    private async Task PumpAsync()
    {
        await foreach (var stage in _stages.Reader.ReadAllAsync())
        {
            await _store.AppendStageAsync(Opened.DiagnosisId, stage.Name, stage.StatusText, stage.Ms, Json(stage.ObservationsSoFar), CancellationToken.None);
        }
    }

    private static string Json(IReadOnlyDictionary<string, ObservationValue> observations) =>
        DiagnosisReport.Serialize(ObservationValue.ToPlain(observations), DiagnosisReport.JsonLine);
}
