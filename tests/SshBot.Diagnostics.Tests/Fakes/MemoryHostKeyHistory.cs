using SshBot.Diagnostics.Probes.Authenticate;

namespace SshBot.Diagnostics.Tests.Fakes;

/// <summary>Host key history in a list, for stage tests; the stores are tested against real SQLite and PostgreSQL.</summary>
public sealed class MemoryHostKeyHistory : IHostKeyHistory
{
    private readonly List<HostKeyRecord> _records = [];

    public Task RecordAsync(string host, string keyType, string fingerprint, string source, CancellationToken cancellationToken)
    {
        lock (_records)
        {
            var now = DateTimeOffset.UtcNow;
            var i = _records.FindIndex(r => r.Host == host && r.Fingerprint == fingerprint);
            if (i >= 0)
            {
                _records[i] = _records[i] with { LastSeen = now };
            }
            else
            {
                _records.Add(new HostKeyRecord(host, keyType, fingerprint, now, now, source));
            }
        }

        return Task.CompletedTask;
    }

    public Task<HostKeyRecord?> FindAsync(string host, string fingerprint, CancellationToken cancellationToken)
    {
        lock (_records)
        {
            return Task.FromResult(_records.FirstOrDefault(r => r.Host == host && r.Fingerprint == fingerprint));
        }
    }

    public Task<IReadOnlyList<HostKeyRecord>> ListAsync(string host, CancellationToken cancellationToken)
    {
        lock (_records)
        {
            return Task.FromResult<IReadOnlyList<HostKeyRecord>>(_records.Where(r => r.Host == host).ToArray());
        }
    }
}
