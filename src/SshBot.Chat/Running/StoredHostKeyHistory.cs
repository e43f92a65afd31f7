using SshBot.Diagnostics.Probes.Authenticate;
using SshBot.Incidents;

namespace SshBot.Chat.Running;

/// <summary>
/// The host key history in the incident store's <c>host_keys</c> table (SQLite or PostgreSQL):
/// every replica of the bot shares it, and it lives as long as the incident history does.
/// </summary>
public sealed class StoredHostKeyHistory(IIncidentStore store) : IHostKeyHistory
{
    public Task RecordAsync(string host, int port, string keyType, string fingerprint, CancellationToken cancellationToken) =>
        store.RecordHostKeyAsync(host, port, keyType, fingerprint, cancellationToken);

    public async Task<IReadOnlyList<HostKeyRecord>> ListAsync(string host, int port, CancellationToken cancellationToken)
    {
        var seen = await store.GetHostKeysAsync(host, port, cancellationToken);
        return seen.Select(k => new HostKeyRecord(k.Host, k.Port, k.KeyType, k.Sha256Fingerprint, k.FirstSeen, k.LastSeen)).ToArray();
    }
}
