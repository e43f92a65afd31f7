namespace SshBot.Diagnostics.Probes.Authenticate;

/// <summary>
/// Every host key the bot has trusted, per host, so that a changed key can be told apart: one
/// this host used before (a reinstall, a restored backup) or one never seen. Only keys that
/// matched the bot's known_hosts or were pinned with <c>sshbot hosts trust</c> are recorded;
/// a changed or unknown key is only looked up, so an impostor's key never becomes "seen before".
/// </summary>
public interface IHostKeyHistory
{
    /// <summary>
    /// Records that <paramref name="host"/> (its known_hosts name: <c>host</c> or <c>[host]:port</c>)
    /// presented a trusted key now.
    /// </summary>
    Task RecordAsync(string host, string keyType, string fingerprint, string source, CancellationToken cancellationToken);

    /// <summary>What the bot knows of the key with <paramref name="fingerprint"/> on <paramref name="host"/>, or null.</summary>
    Task<HostKeyRecord?> FindAsync(string host, string fingerprint, CancellationToken cancellationToken);

    /// <summary>Every key recorded for <paramref name="host"/>, oldest first.</summary>
    Task<IReadOnlyList<HostKeyRecord>> ListAsync(string host, CancellationToken cancellationToken);
}

/// <summary>One key a host presented, when the bot first and last saw it, and how it came to be trusted (diagnose, trust).</summary>
public sealed record HostKeyRecord(string Host, string KeyType, string Fingerprint, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, string Source);
