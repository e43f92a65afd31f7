using static SshBot.Incidents.Tests.Crash.SqliteFileChecks;

namespace SshBot.Incidents.Tests.Crash;

/// <summary>SECURITY 21: a writer SIGKILLed at random points, many times, leaves a sound file.</summary>
public sealed class SqliteCrashTests : IDisposable
{
    private const int Rounds = 20;
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task AWriterKilledAtRandomPointsLeavesASoundFileWithEveryAcknowledgedIncidentWhole()
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        budget.CancelAfter(TimeSpan.FromMinutes(4));
        var ct = budget.Token;
        var file = _dir.File("sshbot.db");
        var acked = new List<Ack>();
        var random = new Random();

        for (var round = 0; round < Rounds; round++)
        {
            using var writer = CrashWriterProcess.Start(file, $"r{round}");
            var killAfter = random.Next(0, 12);
            var seen = 0;
            for (var line = await writer.ReadLineAsync(ct); line is not null; line = await writer.ReadLineAsync(ct))
            {
                if (Ack.Parse(line) is { } ack)
                {
                    acked.Add(ack);
                    seen++;
                }

                if ((line == "ready" && killAfter == 0) || (seen > 0 && seen >= killAfter))
                {
                    break;
                }
            }

            // Not waiting for anything: a few milliseconds more spread the kill over every write of the
            // next incident (request, stages, completion, reply, feedback) rather than always its first.
            await Task.Delay(random.Next(0, 15), ct);
            writer.Kill();
            acked.AddRange(Ack.ParseAll(await writer.ReadRestAsync(ct)));
            await writer.WaitForExitAsync(ct);
        }

        var running = await CountAsync(file, "SELECT COUNT(*) FROM diagnoses WHERE status = 'running'", ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"{acked.Count} acknowledged incidents; {running} diagnoses cut short by a kill");
        Assert.Equal(["ok"], await RowsAsync(file, "PRAGMA integrity_check", ct));
        Assert.Empty(await RowsAsync(file, "PRAGMA foreign_key_check", ct));
        Assert.NotEmpty(acked);

        var options = new IncidentStoreOptions { ConnectionString = $"Data Source={file}" };
        await using var store = await IncidentStoreFactory.CreateAsync(options, ct: ct);
        foreach (var ack in acked)
        {
            var detail = await store.GetIncidentAsync(ack.IncidentId, ct);
            Assert.NotNull(detail);
            var diagnosis = Assert.Single(detail.Diagnoses, d => d.Id == ack.DiagnosisId);
            Assert.Equal(DiagnosisStatuses.Completed, diagnosis.Status);
            Assert.Equal("auth-denied", diagnosis.VerdictId);
            Assert.Equal(["resolve", "connect", "auth"], diagnosis.Stages.Select(s => s.Name));
            Assert.Contains(detail.Requests, r => r.Id == diagnosis.RequestId && r.IdempotencyKey == ack.Key);
            Assert.Contains(detail.Replies, r => r.DiagnosisId == ack.DiagnosisId && r.MessageId == ack.Key);
            Assert.Contains(detail.Feedback, f => f.Text == ack.Key);
        }

        // Whatever was not acknowledged is either absent or a truthful partial record, never half a row set.
        Assert.Equal(0, await CountAsync(file, "SELECT COUNT(*) FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM requests r WHERE r.incident_id = i.id)", ct));
        Assert.Equal(0, await CountAsync(file, "SELECT COUNT(*) FROM requests r WHERE NOT EXISTS (SELECT 1 FROM diagnoses d WHERE d.request_id = r.id)", ct));
        Assert.Equal(0, await CountAsync(file, "SELECT COUNT(*) FROM diagnoses WHERE status = 'completed' AND (verdict_id IS NULL OR findings_json IS NULL OR completed_at IS NULL)", ct));
        Assert.Equal(0, await CountAsync(file, "SELECT COUNT(*) FROM diagnoses d WHERE status = 'completed' AND (SELECT COUNT(*) FROM stages s WHERE s.diagnosis_id = d.id) <> 3", ct));
        Assert.Equal(0, await CountAsync(file, "SELECT COUNT(*) FROM (SELECT diagnosis_id FROM stages GROUP BY diagnosis_id HAVING COUNT(*) > 3)", ct));
    }

    public void Dispose() => _dir.Dispose();
}
