using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Observations;
using SshBot.KnowledgeBase.Explaining;

namespace SshBot.App.Explain;

/// <summary><c>sshbot diagnose TARGET --client-log FILE</c>: the user's own log joins the bot's observations.</summary>
internal static class ClientLogOption
{
    /// <summary>The diagnosis with the log's <c>client.*</c> observations added, so the verdict and the report see both views.</summary>
    public static Diagnosis Merge(Diagnosis diagnosis, ClientLogResult? log) =>
        log is null ? diagnosis : diagnosis with { Observations = ClientLogExplainer.Merge(diagnosis.Observations, log.Observations) };

    /// <summary>What the user's log said, and where the user's client and the server part on algorithms.</summary>
    public static async Task WriteAsync(TextWriter output, ClientLogResult? log, IReadOnlyDictionary<string, ObservationValue> observations, string targetHost)
    {
        if (log is null)
        {
            return;
        }

        await output.WriteLineAsync();
        if (!log.FoundError)
        {
            await output.WriteLineAsync(log.ShowsSuccess ? "Your log: the login worked." : "Your log: no SSH error found in it.");
            return;
        }

        var o = log.Observations;
        var client = o.GetText("client.version") is { } version ? $" ({version})" : "";
        await output.WriteLineAsync($"Your log{client}: {o.GetText("client.error")} at stage {o.GetText("client.stage")}");
        await output.WriteLineAsync($"  > {o.GetText("client.failure_line")}");
        if (o.GetText("client.host") is { } logHost && !string.Equals(logHost, targetHost, StringComparison.OrdinalIgnoreCase))
        {
            await output.WriteLineAsync($"  note: your log connected to {logHost}, not {targetHost}; the two views may not be of the same server");
        }

        foreach (var sentence in AlgorithmComparison.Describe(observations))
        {
            await output.WriteLineAsync($"Your client vs the server: {sentence}");
        }
    }
}
