// Writes incidents to a SQLite store the way the bot does (request, stages, verdict, reply,
// feedback), one after another, and prints "ack <incident> <diagnosis> <key>" only after the
// last write of an incident committed. The crash test SIGKILLs it at random points; the
// concurrency test runs several at once to the end.
//   usage: SshBot.Incidents.CrashWriter <db file> <key prefix> [count]   (no count: until killed)
using System.Globalization;
using SshBot.Incidents;

if (args.Length < 2)
{
    await Console.Error.WriteLineAsync("usage: SshBot.Incidents.CrashWriter <db file> <key prefix> [count]");
    return 2;
}

var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : int.MaxValue;
var options = new IncidentStoreOptions { ConnectionString = $"Data Source={args[0]}" };
await using var store = await IncidentStoreFactory.CreateAsync(options);
var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
await output.WriteLineAsync("ready");

for (var i = 0; i < count; i++)
{
    var key = $"{args[1]}-{i}";
    var opened = await store.OpenRequestAsync(
        new IncidentRequest(key, $"host-{i % 5}", 22, "crash-writer", "cli", "C1", null, $"can't ssh to host-{i % 5}"));
    await store.AppendStageAsync(opened.DiagnosisId, "resolve", "ok", 1, """[{"id":"dns.resolved"}]""");
    await store.AppendStageAsync(opened.DiagnosisId, "connect", "ok", 2, """[{"id":"tcp.open"}]""");
    await store.AppendStageAsync(opened.DiagnosisId, "auth", "failed", 3, """[{"id":"auth.denied"}]""");
    await store.CompleteDiagnosisAsync(opened.DiagnosisId, "auth-denied", """[{"verdict":"auth-denied"}]""", "[]");
    await store.RecordReplyAsync(new ReplySent(opened.IncidentId, opened.DiagnosisId, "cli", "C1", null, key));
    await store.RecordFeedbackAsync(new FeedbackGiven(opened.IncidentId, FeedbackKinds.Comment, "crash-writer", Text: key));
    await output.WriteLineAsync($"ack {opened.IncidentId} {opened.DiagnosisId} {key}");
}

return 0;
