namespace SshBot.Diagnostics.Probes.Authenticate;

/// <summary>
/// Every host key the bot has trusted, per host and port, so that a changed key can be told
/// apart: one this host used before (a reinstall, a restored backup) or one never seen. Only keys
/// that matched the bot's known_hosts or were pinned with <c>sshbot hosts trust</c> are recorded;
/// a changed or unknown key is only looked up, so an impostor's key never becomes "seen before".
/// The incident store keeps them (its <c>host_keys</c> table, SQLite and PostgreSQL alike), so
/// every replica shares one history.
/// </summary>
public interface IHostKeyHistory
{
    /// <summary>Records that <paramref name="host"/>:<paramref name="port"/> presented a trusted key now.</summary>
    Task RecordAsync(string host, int port, string keyType, string fingerprint, CancellationToken cancellationToken);

    /// <summary>Every key recorded for <paramref name="host"/>:<paramref name="port"/>, oldest first.</summary>
    Task<IReadOnlyList<HostKeyRecord>> ListAsync(string host, int port, CancellationToken cancellationToken);
}

/// <summary>One key a host presented and when the bot first and last saw it as trusted.</summary>
public sealed record HostKeyRecord(string Host, int Port, string KeyType, string Fingerprint, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);
