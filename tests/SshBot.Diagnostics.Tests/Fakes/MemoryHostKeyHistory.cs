using SshBot.Diagnostics.Probes.Authenticate;

namespace SshBot.Diagnostics.Tests.Fakes;

/// <summary>Host key history in a list, for stage tests; the store behind the real one is tested on SQLite and PostgreSQL.</summary>
public sealed class MemoryHostKeyHistory : IHostKeyHistory
{
    private readonly List<HostKeyRecord> _records = [];

    public Task RecordAsync(string host, int port, string keyType, string fingerprint, CancellationToken cancellationToken)
    {
        lock (_records)
        {
            var now = DateTimeOffset.UtcNow;
            var i = _records.FindIndex(r => r.Host == host && r.Port == port && r.Fingerprint == fingerprint);
            if (i >= 0)
            {
                _records[i] = _records[i] with { LastSeen = now };
            }
            else
            {
                _records.Add(new HostKeyRecord(host, port, keyType, fingerprint, now, now));
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<HostKeyRecord>> ListAsync(string host, int port, CancellationToken cancellationToken)
    {
        lock (_records)
        {
            return Task.FromResult<IReadOnlyList<HostKeyRecord>>(_records.Where(r => r.Host == host && r.Port == port).ToArray());
        }
    }
}
