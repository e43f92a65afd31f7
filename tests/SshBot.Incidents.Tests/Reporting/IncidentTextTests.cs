using System.Text.Json;

namespace SshBot.Incidents.Tests.Reporting;

public sealed class IncidentTextTests
{
    private static readonly DateTimeOffset Opened = new(2026, 3, 4, 5, 6, 0, TimeSpan.Zero);

    private static IncidentSummary Summary(FixRecord? fix = null) =>
        new(12, "web-01", 22, IncidentStatuses.Resolved, Opened, Opened, "firewall-drops", Opened.AddMinutes(9), "bob", fix);

    [Fact]
    public void AListLineShowsIdTimeTargetStatusVerdictAndWhatFixedIt()
    {
        var line = IncidentText.Line(Summary(new FixRecord("firewall-drops", "opened tcp/22", null, "bob", Opened)));

        Assert.Equal("#12  2026-03-04 05:06Z  web-01:22  resolved  firewall-drops  fixed by bob: opened tcp/22", line);
    }

    [Fact]
    public async Task AnEmptyHistorySaysSoInsteadOfPrintingNothing()
    {
        using var output = new StringWriter();

        await IncidentText.WriteListAsync(output, [], json: false);

        Assert.Equal("No incidents." + Environment.NewLine, output.ToString());
    }

    [Fact]
    public async Task JsonOutputIsCamelCaseAndParsesBack()
    {
        using var output = new StringWriter();

        await IncidentText.WriteListAsync(output, [Summary()], json: true);

        using var parsed = JsonDocument.Parse(output.ToString());
        var first = parsed.RootElement[0];
        Assert.Equal(12, first.GetProperty("id").GetInt64());
        Assert.Equal("firewall-drops", first.GetProperty("verdictId").GetString());
    }

    [Fact]
    public async Task StatsAlignCausesAndCounts()
    {
        using var output = new StringWriter();

        await IncidentText.WriteStatsAsync(output, [new CauseCount("firewall-drops", 12), new CauseCount("sshd-down", 3)], "30d", json: false);

        Assert.Equal(["firewall-drops  12", "sshd-down       3"], output.ToString().TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public async Task ADetailShowsACrashedDiagnosisAsStillRunningWithItsStages()
    {
        var running = new DiagnosisRecord(5, 7, DiagnosisStatuses.Running, Opened, null, null, null, null,
            [new StageRecord(1, "resolve", "ok", 4, "[]", Opened)]);
        var detail = new IncidentDetail(Summary() with { Status = IncidentStatuses.Open, ResolvedAt = null, VerdictId = null }, [], [running], [], [], []);
        using var output = new StringWriter();

        await IncidentText.WriteDetailAsync(output, detail, json: false);

        Assert.Contains("diagnosis 5 running" + Environment.NewLine + "  resolve ok 4 ms", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADetailTellsTheInterruptionAndTheDeliveryUnderTheirDiagnosis()
    {
        var completed = new DiagnosisRecord(5, 7, DiagnosisStatuses.Completed, Opened, Opened, "firewall-drops", null, null, []);
        var events = new[]
        {
            new IncidentEvent(1, 5, IncidentEventKinds.Interrupted, "interrupted by a restart, running again (attempt 2)", Opened),
            new IncidentEvent(2, 5, IncidentEventKinds.Delivered, "as text: the card was refused (invalid_blocks)", Opened),
        };
        var detail = new IncidentDetail(Summary(), [], [completed], [], [], events);
        using var output = new StringWriter();

        await IncidentText.WriteDetailAsync(output, detail, json: false);

        Assert.Contains(
            "diagnosis 5 completed → firewall-drops" + Environment.NewLine +
            "  2026-03-04 05:06Z interrupted: interrupted by a restart, running again (attempt 2)" + Environment.NewLine +
            "  2026-03-04 05:06Z delivered: as text: the card was refused (invalid_blocks)",
            output.ToString(),
            StringComparison.Ordinal);
    }
}
