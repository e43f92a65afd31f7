using System.Globalization;
using SshBot.KnowledgeBase.Explaining;
using SshBot.KnowledgeBase.Matching;

namespace SshBot.App.Explain;

/// <summary>The text an engineer reads for <c>sshbot explain</c>.</summary>
internal sealed class ExplanationWriter(TextWriter output)
{
    public async Task WriteAsync(TextExplanation explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        await output.WriteLineAsync(explanation.FromTextOnly ? "From the pasted text only (nothing was probed):" : "From the pasted text and the bot's own diagnosis:");
        await WriteFoundAsync(explanation);
        await output.WriteLineAsync();

        if (explanation.Verdict is not { } top)
        {
            await output.WriteLineAsync("No article in the knowledge base matches this error.");
        }
        else
        {
            await output.WriteLineAsync($"{(top.FullyMet ? "Likely" : "Possibly")}: {top.Title} ({top.Id}), confidence {Score(top.Score)}");
            await WriteFindingAsync(top);
            await output.WriteLineAsync($"  the fix: sshbot kb show {top.Id}");
            var others = explanation.Findings.Skip(1).Take(4).ToArray();
            if (others.Length > 0)
            {
                await output.WriteLineAsync("Also possible:");
                foreach (var f in others)
                {
                    await output.WriteLineAsync($"  {f.Title} ({f.Id}), {Score(f.Score)}");
                    foreach (var m in f.Missing.Take(2))
                    {
                        await output.WriteLineAsync($"    would decide it: {m}");
                    }
                }
            }
        }

        foreach (var mismatch in explanation.Mismatches)
        {
            await output.WriteLineAsync($"Mismatch: {mismatch}");
        }

        if (explanation.CannotTell.Count > 0)
        {
            await output.WriteLineAsync("What the text cannot tell:");
            foreach (var line in explanation.CannotTell)
            {
                await output.WriteLineAsync($"  - {line}");
            }
        }

        if (explanation.SuggestedCommand is { } next)
        {
            await output.WriteLineAsync($"Next: {next}");
        }
    }

    private async Task WriteFoundAsync(TextExplanation explanation)
    {
        var o = explanation.Log.Observations;
        if (explanation.ClientVersion is { } version)
        {
            await output.WriteLineAsync($"  client:  {version}{(explanation.ClientProduct is { } p ? $" ({p})" : "")}");
        }

        if (explanation.Host is { } host)
        {
            var port = explanation.Port is { } n ? $" port {n.ToString(CultureInfo.InvariantCulture)}" : "";
            var user = explanation.User is { } u ? $", user {u}" : "";
            await output.WriteLineAsync($"  host:    {host}{port}{user}");
        }

        if (o.GetText("client.error") is { } error)
        {
            var hop = o.GetText("client.failed_hop") is { } h ? $" (failed hop: {(h == "jump" ? "the jump host" : "the target, reached through the jump host")})" : "";
            await output.WriteLineAsync($"  error:   {error} at stage {o.GetText("client.stage") ?? "unknown"}{hop}");
            await output.WriteLineAsync($"  line:    {o.GetText("client.failure_line") ?? First(explanation.Log.LinesFor("client.error"))}");
        }

        if (explanation.Log.ShowsSuccess)
        {
            await output.WriteLineAsync($"  login:   worked ({First(explanation.Log.LinesFor("client.authenticated"))})");
        }

        if (o.GetText("client.last_step") is { } step)
        {
            await output.WriteLineAsync($"  stopped: after {step}");
        }
    }

    private async Task WriteFindingAsync(ExplainedFinding finding)
    {
        foreach (var e in finding.Evidence)
        {
            await output.WriteLineAsync($"  because {EvidenceSource.Marked(e)}");
        }

        foreach (var quote in finding.Quotes)
        {
            await output.WriteLineAsync($"    > {quote}");
        }

        foreach (var m in finding.Missing)
        {
            await output.WriteLineAsync($"  to confirm: {m}");
        }
    }

    private static string First(IReadOnlyList<string> lines) => lines.Count > 0 ? lines[0] : "";

    private static string Score(double score) => score.ToString("0.00", CultureInfo.InvariantCulture);
}
