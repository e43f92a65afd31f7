using System.Diagnostics;
using System.Globalization;
using System.Net;
using SshBot.Chat.Running;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Targets;
using SshBot.Zones.Configuration;
using SshBot.Zones.Running;

// The replica's side of bench/zones.sh: publishes every target of a file as a job to its zone's
// agents (at most --in-flight at once), waits for every result, then runs --latency-jobs jobs one
// at a time and reports what NATS adds to each (end-to-end time minus the agent's own diagnosis).
//   SshBot.Zones.Benchmarks --url URL --password PW --targets FILE --zone dc1=CIDR[,CIDR] --zone office=CIDR
//                           [--in-flight 1024] [--latency-jobs 200] [--latency-target HOST[:PORT]] [--limit-seconds 900]
var options = Args(args);
var zones = options["zone"].Select(z => z.Split('=', 2)).Select(z => new Zone(z[0], [.. z[1].Split(',').Select(IPNetwork.Parse)], [], [])).ToArray();
var settings = new NatsSettings
{
    Url = options["url"][0],
    Deployment = "prod",
    User = "replica",
    Password = options["password"][0],
    ResultTimeout = TimeSpan.FromSeconds(120),
    AckWait = TimeSpan.FromSeconds(30),
};
var inFlight = int.Parse(One(options, "in-flight", "1024"), CultureInfo.InvariantCulture);
var latencyJobs = Math.Clamp(int.Parse(One(options, "latency-jobs", "200"), CultureInfo.InvariantCulture), 0, 10_000);
using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(double.Parse(One(options, "limit-seconds", "900"), CultureInfo.InvariantCulture)));
var targets = File.ReadAllLines(options["targets"][0]).Where(l => l.Length > 0).Select(TargetParser.Parse).Take(20_000).ToArray();
var map = new ZoneMap(zones);
await using var backend = new ZoneBackend(settings, [.. zones.Select(z => z.Name)], "sshbot-bench-replica");
await backend.ClientAsync(limit.Token);
var jobOptions = new DiagnosisOptions { Path = new SshBot.Diagnostics.Probes.PathCheck.PathOptions { Connects = 0 } };
var runner = new ZoneDiagnosisRunner(map, backend, jobOptions);
var run = Guid.NewGuid().ToString("N")[..8];

var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
var clock = Stopwatch.StartNew();
await Parallel.ForEachAsync(
    targets.Select((t, i) => (t, i)),
    new ParallelOptions { MaxDegreeOfParallelism = inFlight, CancellationToken = limit.Token },
    async (item, ct) =>
    {
        var d = await runner.RunAsync(item.t, RequestOrigin.Chat, new DiagnosisJob($"bench-{run}-{item.i}"), new Progress<StageReport>(), ct);
        var key = $"{Text(d, "vantage.status")}/{Text(d, "tcp.status")}/{Text(d, "ssh.kex.status")}";
        lock (outcomes)
        {
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }
    });
var wall = clock.Elapsed;
Console.WriteLine(FormattableString.Invariant($"agents_wall_s {wall.TotalSeconds:0.00}"));
Console.WriteLine($"agents_outcomes {string.Join(' ', outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}={o.Value}"))}");

var latencyTarget = targets.Length == 0 ? null : TargetParser.Parse(One(options, "latency-target", targets[0].ToString()));
var added = new List<double>();
for (var i = 0; latencyTarget is not null && i < latencyJobs; i++)
{
    var one = Stopwatch.StartNew();
    var d = await runner.RunAsync(latencyTarget, RequestOrigin.Chat, new DiagnosisJob($"bench-{run}-latency-{i}"), new Progress<StageReport>(), limit.Token);
    one.Stop();
    added.Add(one.Elapsed.TotalMilliseconds - d.ElapsedMs);
}

if (added.Count > 0)
{
    added.Sort();
    double P(double q) => added[Math.Min(added.Count - 1, (int)Math.Ceiling(q * added.Count) - 1)];
    Console.WriteLine(FormattableString.Invariant($"nats_added_ms p50 {P(0.5):0.0} p99 {P(0.99):0.0} max {added[^1]:0.0} over {added.Count} sequential jobs"));
}

Console.WriteLine(FormattableString.Invariant($"replica_peak_mb {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0}"));
return 0;

static string Text(Diagnosis d, string key) => d.Observations.TryGetValue(key, out var v) ? v.ToString() : "-";

static string One(Dictionary<string, List<string>> o, string key, string fallback) => o.TryGetValue(key, out var v) ? v[0] : fallback;

static Dictionary<string, List<string>> Args(string[] args)
{
    var o = new Dictionary<string, List<string>>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        var key = args[i].TrimStart('-');
        if (!o.TryGetValue(key, out var list))
        {
            o[key] = list = [];
        }

        list.Add(args[i + 1]);
    }

    return o;
}
