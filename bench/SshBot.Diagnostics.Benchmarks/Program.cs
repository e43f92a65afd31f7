using System.Diagnostics;
using System.Globalization;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Targets;
using SshBot.KnowledgeBase;

// Time to verdict in a process that is already running, as the chat bot is: one knowledge base
// for the whole run, each scenario diagnosed once to warm up and then RUNS times. Each measured
// run is the bot's first diagnosis of that address (a new engine, so the path stage's connects
// are not skipped as a repeat); the code is already loaded and compiled, as in a running bot.
//
//   SshBot.Diagnostics.Benchmarks KB_DIR TIMEOUT_S RUNS name=address [name=address ...]
//
// Prints "name warm_ms verdict" per scenario, warm_ms being the median from request to ranked
// verdict. Only bench/verdict-latency.sh runs it, against the lab it built (198.18.0.0/15).
if (args.Length < 4
    || !double.TryParse(args[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var timeoutSeconds) || timeoutSeconds is <= 0 or > 60
    || !int.TryParse(args[2], CultureInfo.InvariantCulture, out var runs) || runs is < 1 or > 100)
{
    await Console.Error.WriteLineAsync("usage: SshBot.Diagnostics.Benchmarks KB_DIR TIMEOUT_S(0-60] RUNS(1-100) name=address ...");
    return 2;
}

var loaded = KnowledgeBaseLoader.Load(args[0]);
if (loaded.KnowledgeBase is not { } kb)
{
    await Console.Error.WriteLineAsync($"the knowledge base in {args[0]} has problems: {loaded.Problems[0].Message}");
    return 1;
}

var options = new DiagnosisOptions().WithNetworkTimeout(TimeSpan.FromSeconds(timeoutSeconds));
foreach (var scenario in args.Skip(3))
{
    var eq = scenario.IndexOf('=', StringComparison.Ordinal);
    if (eq <= 0)
    {
        await Console.Error.WriteLineAsync($"not name=address: {scenario}");
        return 2;
    }

    var target = TargetParser.Parse(scenario[(eq + 1)..]);
    var times = new List<double>();
    string verdict = "-";
    for (var i = 0; i <= runs; i++)
    {
        // A first diagnosis does not follow another one's path connects by a millisecond: let
        // sshd reap their children first, or the handshake waits behind them.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var engine = StandardPlan.CreateEngine(TargetPolicy.Default, options);
        var watch = Stopwatch.StartNew();
        var diagnosis = await engine.DiagnoseAsync(target, RequestOrigin.Cli);
        var findings = kb.Match(diagnosis.Observations).Findings;
        watch.Stop();
        verdict = findings.Count > 0 ? findings[0].Id : "none";
        if (i > 0)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    times.Sort();
    var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[(times.Count / 2) - 1] + times[times.Count / 2]) / 2;
    Console.WriteLine(FormattableString.Invariant($"{scenario[..eq]} {median:F0} {verdict}"));
}

return 0;
