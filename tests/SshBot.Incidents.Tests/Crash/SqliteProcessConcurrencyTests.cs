using static SshBot.Incidents.Tests.Crash.SqliteFileChecks;

namespace SshBot.Incidents.Tests.Crash;

/// <summary>SECURITY 23: several processes writing one SQLite file never see a busy error and lose nothing.</summary>
public sealed class SqliteProcessConcurrencyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task SeveralProcessesWritingOneFileAllFinishWithoutErrorsAndEveryRowIsThere()
    {
        const int processes = 4;
        const int perProcess = 40;
        var ct = TestContext.Current.CancellationToken;
        var file = _dir.File("sshbot.db");

        var writers = Enumerable.Range(0, processes).Select(p => CrashWriterProcess.Start(file, $"p{p}", perProcess)).ToList();
        var results = await Task.WhenAll(writers.Select(async w =>
        {
            var output = w.ReadRestAsync(ct);
            var errors = w.ReadErrorsAsync(ct);
            var exit = await w.WaitForExitAsync(ct);
            return (Exit: exit, Acks: Ack.ParseAll(await output).Count(), Errors: await errors);
        }));
        writers.ForEach(w => w.Dispose());

        Assert.All(results, r => Assert.Equal((0, perProcess, string.Empty), (r.Exit, r.Acks, r.Errors)));
        const int total = processes * perProcess;
        Assert.Equal(total, await CountAsync(file, "SELECT COUNT(*) FROM requests", ct));
        Assert.Equal(total, await CountAsync(file, "SELECT COUNT(*) FROM diagnoses WHERE status = 'completed'", ct));
        Assert.Equal(3 * total, await CountAsync(file, "SELECT COUNT(*) FROM stages", ct));
        Assert.Equal(total, await CountAsync(file, "SELECT COUNT(*) FROM replies", ct));
        Assert.Equal(total, await CountAsync(file, "SELECT COUNT(*) FROM feedback", ct));
    }

    public void Dispose() => _dir.Dispose();
}
