using Microsoft.Data.Sqlite;
using SshBot.Incidents.Sqlite;

namespace SshBot.Incidents.Tests.Sqlite;

/// <summary>SECURITY 22: what the SQLite store refuses at start-up, and what it repairs.</summary>
public sealed class SqliteStartupTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheDefaultStoreIsSshbotDbInTheDataDirectoryCreatedIfMissingInWalMode()
    {
        var dataDir = _dir.File("nested/data");

        await using (await IncidentStoreFactory.CreateAsync(new IncidentStoreOptions { DataDirectory = dataDir }, ct: Ct))
        {
        }

        var file = Path.Combine(dataDir, "sshbot.db");
        Assert.True(File.Exists(file));
        Assert.Equal("wal", await ScalarAsync(file, "PRAGMA journal_mode"));
        Assert.Equal(5L, await ScalarAsync(file, "PRAGMA user_version"));
    }

    [Fact]
    public async Task AFileLeftInDeleteJournalModeIsSwitchedToWalAtStartUp()
    {
        var file = _dir.File("sshbot.db");
        await ScalarAsync(file, "PRAGMA journal_mode = DELETE");

        await using (await IncidentStoreFactory.CreateAsync(new IncidentStoreOptions { DataDirectory = _dir.Path }, ct: Ct))
        {
        }

        Assert.Equal("wal", await ScalarAsync(file, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task AnInMemoryDatabaseIsRefusedBecauseItsJournalCannotBeWal()
    {
        var options = new IncidentStoreOptions { ConnectionString = "Data Source=:memory:" };

        var refused = await Assert.ThrowsAsync<IncidentStoreException>(() => IncidentStoreFactory.CreateAsync(options, ct: Ct));

        Assert.Contains("journal mode is 'memory', not 'wal'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConnectionWhoseSynchronousLevelIsNotFullIsRefused()
    {
        await using var connection = new SqliteConnection($"Data Source={_dir.File("x.db")};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
        await command.ExecuteNonQueryAsync(Ct);

        var refused = await Assert.ThrowsAsync<IncidentStoreException>(() => SqliteStartup.VerifyDurabilityAsync(connection, Ct));

        Assert.Contains("synchronous is 1, not FULL (2)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileWithANewerSchemaIsRefusedAndLeftUntouched()
    {
        var file = _dir.File("sshbot.db");
        await ScalarAsync(file, "PRAGMA journal_mode = DELETE");
        await ScalarAsync(file, "PRAGMA user_version = 7");

        var refused = await Assert.ThrowsAsync<IncidentStoreException>(
            () => IncidentStoreFactory.CreateAsync(new IncidentStoreOptions { DataDirectory = _dir.Path }, ct: Ct));

        Assert.Contains("schema version 7 is newer than this SshBot understands (5)", refused.Message, StringComparison.Ordinal);
        Assert.Equal("delete", await ScalarAsync(file, "PRAGMA journal_mode"));
        Assert.Equal(0L, await ScalarAsync(file, "SELECT COUNT(*) FROM sqlite_master"));
    }

    [Fact]
    public async Task AnUnknownProviderIsRefusedWithTheChoices()
    {
        var refused = await Assert.ThrowsAsync<IncidentStoreException>(
            () => IncidentStoreFactory.CreateAsync(new IncidentStoreOptions { Provider = "litedb" }, ct: Ct));

        Assert.Contains("use 'sqlite' or 'postgres'", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<object?> ScalarAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }

    public void Dispose() => _dir.Dispose();
}
