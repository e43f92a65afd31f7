using System.Globalization;
using System.Text;
using SshBot.KnowledgeBase.Explaining;
using SshBot.KnowledgeBase.Tests.Support;

namespace SshBot.KnowledgeBase.Tests.Corpus;

/// <summary>
/// <c>sshbot explain</c> on real client outputs from public threads, against the cause each thread
/// established: over the whole corpus the article must come first for at least 85% of them and be
/// in the top three for 95%. The rates on the held-out third and on the rest are printed beside it
/// (the README in Fixtures/Corpus says how the split works). The blind samples in
/// Fixtures/Validation are ranked and printed apart, and must not rank worse than when last measured.
/// </summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    private const double Top1Goal = 0.85;
    private const double Top3Goal = 0.95;
    private const string NothingFound = "(no SSH error found)";

    /// <summary>
    /// The blind samples' rates when last measured (2026-12-05: top-1 86.9 %, top-3 91.9 % of 382),
    /// less one entry: a change that ranks them worse fails, whatever it does for the corpus.
    /// </summary>
    private const double ValidationTop1Floor = 0.866;
    private const double ValidationTop3Floor = 0.916;

    [Fact]
    public void ExplainRanksTheCauseEachThreadEstablishedFirst()
    {
        var (tuning, heldOut, all) = Report(CorpusEntry.All, "corpus-results.txt");

        Assert.True(all.Top1 >= Top1Goal && all.Top3 >= Top3Goal,
            $"corpus: top-1 {all.Top1:P1} (goal {Top1Goal:P0}), top-3 {all.Top3:P1} (goal {Top3Goal:P0}); held-out top-1 {heldOut.Top1:P1}, top-3 {heldOut.Top3:P1}; tuning top-3 {tuning.Top3:P1}");
    }

    [Fact]
    public void TheBlindSamplesRankNoWorseThanWhenLastMeasured()
    {
        var (_, _, all) = Report(CorpusEntry.Validation, "validation-results.txt");

        Assert.True(all.Top1 >= ValidationTop1Floor && all.Top3 >= ValidationTop3Floor,
            $"blind samples: top-1 {all.Top1:P1} (floor {ValidationTop1Floor:P1}), top-3 {all.Top3:P1} (floor {ValidationTop3Floor:P1})");
    }

    /// <summary>Ranks every entry, prints the table and the rates (tuning, held-out, all) and writes them to a file beside the tests.</summary>
    private ((int Count, double Top1, double Top3) Tuning, (int Count, double Top1, double Top3) HeldOut, (int Count, double Top1, double Top3) All) Report(
        IReadOnlyList<CorpusEntry> entries, string file)
    {
        var results = entries.Select(Rank).ToArray();
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"{"entry",-48} {"set",-8} {"expected",-34} {"top-1",-34} top-3");
        foreach (var r in results)
        {
            var mark = r.Top1 ? " " : r.Top3 ? "~" : "x";
            table.AppendLine(CultureInfo.InvariantCulture,
                $"{mark}{r.Entry.Name,-47} {(r.Entry.HeldOut ? "held-out" : "tuning"),-8} {r.Entry.Expected,-34} {r.Ids.FirstOrDefault() ?? NothingFound,-34} {string.Join(", ", r.Ids.Take(3))}");
            if (!r.Top1)
            {
                table.AppendLine(CultureInfo.InvariantCulture, $"  {(r.Entry.HeldOut ? "held-out" : "tuning")}   observed: {r.Observed}");
            }
        }

        var tuning = Rates(results.Where(r => !r.Entry.HeldOut).ToArray());
        var heldOut = Rates(results.Where(r => r.Entry.HeldOut).ToArray());
        var all = Rates(results);
        table.AppendLine(CultureInfo.InvariantCulture, $"tuning   ({tuning.Count}): top-1 {tuning.Top1:P1}, top-3 {tuning.Top3:P1}");
        table.AppendLine(CultureInfo.InvariantCulture, $"held-out ({heldOut.Count}): top-1 {heldOut.Top1:P1}, top-3 {heldOut.Top3:P1}");
        table.AppendLine(CultureInfo.InvariantCulture, $"all      ({all.Count}): top-1 {all.Top1:P1}, top-3 {all.Top3:P1}");
        output.WriteLine(table.ToString());
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, file), table.ToString());
        return (tuning, heldOut, all);
    }

    [Fact]
    public void EveryEntryIsSourcedAndNamesAnArticleThatExists()
    {
        var ids = RealKb.Instance.Articles.Keys.ToHashSet(StringComparer.Ordinal);

        Assert.True(CorpusEntry.All.Count >= 150, $"{CorpusEntry.All.Count} entries");
        Assert.True(CorpusEntry.Validation.Count >= 382, $"{CorpusEntry.Validation.Count} blind entries");
        Assert.DoesNotContain(CorpusEntry.Validation, v => CorpusEntry.All.Any(e => e.Name == v.Name || e.Source == v.Source));
        Assert.All(CorpusEntry.All.Concat(CorpusEntry.Validation), e =>
        {
            Assert.Contains(e.Expected, ids);
            Assert.StartsWith("http", e.Source, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(e.Client), $"{e.Name}: no client");
            Assert.False(string.IsNullOrWhiteSpace(e.Why), $"{e.Name}: no why");
            Assert.False(string.IsNullOrWhiteSpace(e.Text), $"{e.Name}: no text");
        });

        var coverage = CorpusEntry.All.GroupBy(e => e.Expected).OrderBy(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: {g.Count()}");
        output.WriteLine(string.Join(Environment.NewLine, coverage));
    }

    private static Result Rank(CorpusEntry entry)
    {
        var explanation = ClientLogExplainer.Explain(RealKb.Instance, entry.Text);
        var ids = explanation.Findings.Select(f => f.Id).ToArray();
        var observed = string.Join("; ", explanation.Log.Observations.Where(o => o.Key is not ("client.offered.kex" or "client.offered.hostkey" or "client.offered.cipher" or "client.offered.mac"))
            .Select(o => $"{o.Key}={o.Value}"));
        return new Result(entry, ids, ids.FirstOrDefault() == entry.Expected, ids.Take(3).Contains(entry.Expected), observed);
    }

    private static (int Count, double Top1, double Top3) Rates(Result[] results) =>
        results.Length == 0 ? (0, 0, 0) : (results.Length, results.Count(r => r.Top1) / (double)results.Length, results.Count(r => r.Top3) / (double)results.Length);

    private sealed record Result(CorpusEntry Entry, string[] Ids, bool Top1, bool Top3, string Observed);
}
