// Incident store benchmark: grows the store to each size, then measures writes through the
// store API (request, 3 stages, completion: 5 transactions each) and the per-host history query.
//   usage: SshBot.Incidents.Benchmarks [sqlite|postgres] [sizes, default 100000,1000000]
//   postgres reads its connection string from SSHBOT_TEST_POSTGRES and works in a schema of its own.
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using SshBot.Incidents;
using SshBot.Incidents.Benchmarks;

const int Hosts = 5_000;
var provider = args.Length > 0 ? args[0] : "sqlite";
var sizes = (args.Length > 1 ? args[1] : "100000,1000000").Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var work = Path.Combine(Path.GetTempPath(), "sshbot-bench-" + Guid.NewGuid().ToString("N"));
var schema = "sshbot_bench_" + Guid.NewGuid().ToString("N");

IncidentStoreOptions options;
Func<Task<DbConnection>> open;
if (provider == "postgres")
{
    var baseString = Environment.GetEnvironmentVariable("SSHBOT_TEST_POSTGRES")
        ?? throw new InvalidOperationException("SSHBOT_TEST_POSTGRES is not set");
    await using (var admin = new NpgsqlConnection(baseString))
    {
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", admin);
        await create.ExecuteNonQueryAsync();
    }

    var connectionString = new NpgsqlConnectionStringBuilder(baseString) { SearchPath = schema }.ConnectionString;
    options = new IncidentStoreOptions { Provider = "postgres", ConnectionString = connectionString };
    open = async () => { var c = new NpgsqlConnection(connectionString); await c.OpenAsync(); return c; };
}
else
{
    options = new IncidentStoreOptions { DataDirectory = work };
    var connectionString = IncidentStoreFactory.SqliteConnectionString(options);
    open = async () => { var c = new SqliteConnection(connectionString); await c.OpenAsync(); return c; };
}

try
{
    await using var store = await IncidentStoreFactory.CreateAsync(options);
    var loader = new BulkLoader(open, Hosts);
    Console.WriteLine($"provider {provider}, {Hosts} hosts, {Environment.ProcessorCount} cores, {RuntimeInformationText()}");
    long loaded = 0;
    var random = new Random(42);
    foreach (var size in sizes)
    {
        var load = Stopwatch.StartNew();
        await loader.GrowToAsync(loaded, size, sizes[^1]);
        loaded = size;
        await AnalyzeAsync(open);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\n== {size:N0} incidents (bulk load {load.Elapsed.TotalSeconds:F1} s)"));
        Console.WriteLine(await Measure.RunAsync("write: request+3 stages+complete", 300, async i =>
        {
            var opened = await store.OpenRequestAsync(new IncidentRequest($"w-{size}-{i}", $"new-{size}-{i}", 22, "bench", "cli", null, null, "bench"));
            for (var s = 0; s < 3; s++)
            {
                await store.AppendStageAsync(opened.DiagnosisId, $"stage-{s}", "ok", 1, "[]");
            }

            await store.CompleteDiagnosisAsync(opened.DiagnosisId, "cause-1", "[]", "[]");
        }));
        Console.WriteLine(await Measure.RunAsync("history: one host, newest 20", 3000, async _ =>
            await store.ListIncidentsAsync(new IncidentQuery($"host-{random.Next(Hosts)}", Limit: 20))));
        Console.WriteLine(await Measure.RunAsync("incident detail by id", 3000, async _ =>
            await store.GetIncidentAsync(1 + random.NextInt64(size))));
        Console.WriteLine(await Measure.RunAsync("priors for one host", 1000, async _ =>
            await store.GetCausePriorsAsync($"host-{random.Next(Hosts)}")));
        Console.WriteLine(await Measure.RunAsync("counts by cause, last 7 days", 50, async _ =>
            await store.CountByCauseAsync(DateTimeOffset.UtcNow.AddDays(-7))));
    }

    Console.WriteLine("\nhistory query plan: " + await PlanAsync(open, provider));
}
finally
{
    SqliteConnection.ClearAllPools();
    if (Directory.Exists(work))
    {
        Directory.Delete(work, recursive: true);
    }

    if (provider == "postgres")
    {
        NpgsqlConnection.ClearAllPools();
        await using var c = await open();
        await using var drop = c.CreateCommand();
        drop.CommandText = $"DROP SCHEMA {schema} CASCADE";
        await drop.ExecuteNonQueryAsync();
    }
}

static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

static async Task AnalyzeAsync(Func<Task<DbConnection>> open)
{
    await using var c = await open();
    await using var command = c.CreateCommand();
    command.CommandText = "ANALYZE";
    command.CommandTimeout = 600;
    await command.ExecuteNonQueryAsync();
}

static async Task<string> PlanAsync(Func<Task<DbConnection>> open, string provider)
{
    await using var c = await open();
    await using var command = c.CreateCommand();
    command.CommandText = (provider == "postgres" ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") +
        "SELECT id FROM incidents i WHERE i.host = 'host-7' ORDER BY i.opened_at DESC, i.id DESC LIMIT 20";
    await using var reader = await command.ExecuteReaderAsync();
    var lines = new List<string>();
    while (await reader.ReadAsync())
    {
        lines.Add(Convert.ToString(reader.GetValue(reader.FieldCount - 1), CultureInfo.InvariantCulture) ?? string.Empty);
    }

    return string.Join(" / ", lines);
}
