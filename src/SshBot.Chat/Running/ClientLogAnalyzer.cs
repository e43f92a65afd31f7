using SshBot.Diagnostics.ClientLogs;

namespace SshBot.Chat.Running;

/// <summary>Pasted <c>ssh -v</c>, Windows OpenSSH and PuTTY logs, read by <see cref="ClientLogParser"/>.</summary>
public sealed class ClientLogAnalyzer : IPastedLogAnalyzer
{
    public PastedLog Analyze(string text)
    {
        var result = ClientLogParser.Parse(text);
        var observations = result.Observations.Snapshot();
        var host = observations.TryGetValue("client.host", out var value) ? value.Text : null;
        return new PastedLog(host, observations);
    }
}
