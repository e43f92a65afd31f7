using Microsoft.Data.Sqlite;
using SshBot.Incidents.Tests.Contract;

namespace SshBot.Incidents.Tests.Sqlite;

/// <summary>The store contract against a real SQLite file.</summary>
public sealed class SqliteIncidentStoreTests : IncidentStoreContract
{
    private readonly TempDirectory _dir = new();

    protected override IncidentStoreOptions StoreOptions() => new() { Provider = "sqlite", DataDirectory = _dir.Path };

    protected override Task SetSchemaVersionAsync(int version) => ExecuteSqlAsync($"PRAGMA user_version = {version}");

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_dir.File("sshbot.db")};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }
}
