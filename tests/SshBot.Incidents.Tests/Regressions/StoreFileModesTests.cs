namespace SshBot.Incidents.Tests.Regressions;

/// <summary>
/// Issue 16 item 7: the SQLite store was created 0644, readable by every local user, though
/// incidents name people, channels and hosts. The file, its -wal and -shm, and a data directory
/// the store creates are the owner's alone.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StoreFileModesTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task TheStoreItsWalAndShmAndTheDataDirectoryAreCreatedForTheOwnerAlone()
    {
        var dataDir = _dir.File("new-data-dir");
        await using var store = await IncidentStoreFactory.CreateAsync(new IncidentStoreOptions { DataDirectory = dataDir }, ct: TestContext.Current.CancellationToken);
        await store.OpenRequestAsync(new IncidentRequest("k1", "web-01", 22, "slack:T1:U1", "slack", "C1", null, "can't ssh to web-01"), TestContext.Current.CancellationToken);

        var files = Directory.GetFiles(dataDir).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["sshbot.db", "sshbot.db-shm", "sshbot.db-wal"], files);
        Assert.All(files, f => Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(Path.Combine(dataDir, f))));
        Assert.Equal(OwnerReadWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dataDir));
    }

    public void Dispose() => _dir.Dispose();
}
