namespace SshBot.Zones.Agent;

/// <summary>Who an agent is and how much it takes on at once.</summary>
/// <param name="Zone">The zone whose jobs it runs.</param>
/// <param name="Id">Its name in heartbeats and results (letters, digits, dashes, underscores).</param>
/// <param name="Concurrency">Jobs it runs at once; it fetches no more than it has room for.</param>
public sealed record AgentOptions(string Zone, string Id, int Concurrency = AgentOptions.DefaultConcurrency)
{
    public const int DefaultConcurrency = 64;
    public const int MaxConcurrency = 4096;

    /// <summary>An id from the host name and process id, made safe as a subject token.</summary>
    public static string DefaultId() =>
        new([.. $"{Environment.MachineName}-{Environment.ProcessId}".Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
}
